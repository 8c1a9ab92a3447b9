package io.nabla.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of README.md is compiled against the libraries, and those marked {@code run}
 * are run, so an example that stops compiling or working fails the build. A block is a sequence
 * of statements (its imports hoisted), wrapped in a method; an HTML comment just before it can
 * say more: {@code <!-- example: run -->}, {@code given <statements>} (declarations the fragment
 * assumes, e.g. its data), or {@code members of <class header>} (the block is the body of that
 * class, e.g. one method of a layer).
 */
class ReadmeExamplesTest {
  private static final Pattern BLOCK = Pattern.compile(
      "(?:<!-- example: (.*?) -->\\s*\\n)?```java\\n(.*?)```", Pattern.DOTALL);
  private static final String IMPORTS = String.join("\n",
      "import java.util.*;", "import java.nio.file.*;", "import io.nabla.core.autodiff.*;",
      "import io.nabla.testing.*;", "import io.nabla.core.exec.*;",
      "import io.nabla.core.graph.*;", "import io.nabla.core.tensor.*;",
      "import io.nabla.nn.data.*;", "import io.nabla.nn.io.*;", "import io.nabla.nn.layer.*;",
      "import io.nabla.nn.model.*;", "import io.nabla.nn.optim.*;", "import io.nabla.nn.train.*;",
      "import io.nabla.nn.viz.*;", "import io.nabla.ops.nn.*;", "import io.nabla.onnx.*;",
      "import io.nabla.onnx.proto.OnnxProto.ModelProto;",
      "import static io.nabla.ops.Ops.*;", "import static io.nabla.ops.NnOps.*;", "");

  /** One README block: its directive (may be empty), its code, and where it starts. */
  record Example(String directive, String code, int line) {
    boolean runs() {
      return directive.startsWith("run");
    }
  }

  static List<Example> examples(String markdown) {
    List<Example> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(markdown);
    while (m.find()) {
      int line = markdown.substring(0, m.start(2)).split("\n", -1).length;
      out.add(new Example(m.group(1) == null ? "" : m.group(1).strip(), m.group(2), line));
    }
    return out;
  }

  /** The compilation unit of example {@code i}: class {@code Example<i>}. */
  static String source(Example e, int i) {
    // a block with imports of its own must name everything it uses: it is copied as a whole
    StringBuilder imports = new StringBuilder("package io.nabla.samples;\n");
    StringBuilder body = new StringBuilder();
    boolean own = false;
    for (String l : e.code().split("\n")) {
      if (l.startsWith("import ")) {
        imports.append(l).append('\n');
        own = true;
      } else {
        body.append(l).append('\n');
      }
    }
    if (!own) {
      imports.append(IMPORTS);
    }
    String d = e.directive().replaceFirst("^run\\s*;?\\s*", "");
    String name = "Example" + i;
    if (d.startsWith("members of ")) {
      String header = d.substring("members of ".length()).strip();
      // the header opens the class and may declare what the members use
      long open = header.chars().filter(c -> c == '{').count()
          - header.chars().filter(c -> c == '}').count();
      return imports + header.replace("CLASS", name) + "\n" + body + "}\n".repeat((int) open);
    }
    String given = d.startsWith("given ") ? d.substring("given ".length()) : "";
    return imports + "public class " + name + " {\n  public static void run() throws Exception {\n"
        + given + "\n" + body + "  }\n}\n";
  }

  @Test
  void everyJavaBlockOfTheReadmeCompilesAndTheMarkedOnesRun(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    List<Example> examples = examples(readme);
    assertTrue(examples.size() >= 7, "found " + examples.size() + " Java blocks in README.md");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<JavaFileObject> units = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      String src = source(examples.get(i), i);
      String name = "Example" + i;
      units.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"),
          JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignore) {
          return src;
        }
      });
    }
    StringWriter errors = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      boolean ok = javac.getTask(errors, files, null, List.of("-d", dir.toString(),
          "-classpath", System.getProperty("java.class.path"), "-proc:none"), null, units).call();
      assertTrue(ok, () -> "README examples do not compile (ExampleN is the N-th Java block,"
          + " from 0; lines " + examples.stream().map(e -> String.valueOf(e.line())).toList()
          + "):\n" + errors);
    }
    int ran = 0;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        getClass().getClassLoader())) {
      for (int i = 0; i < examples.size(); i++) {
        if (examples.get(i).runs()) {
          Method run = loader.loadClass("io.nabla.samples.Example" + i).getMethod("run");
          run.invoke(null);
          ran++;
        }
      }
    }
    assertTrue(ran >= 3, "only " + ran + " README examples are marked to run");
  }

  @Test
  void blocksAndDirectivesAreFound() {
    List<Example> e = examples("text\n<!-- example: run; given int a = 1; -->\n```java\n"
        + "import x.Y;\nint b = a;\n```\nmore\n```java\nfoo();\n```\n");
    assertEquals(2, e.size());
    assertEquals("run; given int a = 1;", e.get(0).directive());
    assertTrue(e.get(0).runs());
    assertTrue(source(e.get(0), 0).contains("import x.Y;\n"));
    assertTrue(!source(e.get(0), 0).contains("import java.util.*;"), "own imports only");
    assertTrue(source(e.get(1), 1).contains("import java.util.*;"), "a fragment gets the API");
    assertTrue(source(e.get(0), 0).contains("int a = 1;\nint b = a;"));
    assertEquals("", e.get(1).directive());
  }
}
