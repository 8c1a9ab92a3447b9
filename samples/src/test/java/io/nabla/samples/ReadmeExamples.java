package io.nabla.samples;

import java.io.StringWriter;
import java.net.URI;
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

/**
 * The Java blocks of README.md as compilable classes. A block is a sequence of statements (its
 * imports hoisted), wrapped in a method; an HTML comment just before it can say more: {@code
 * <!-- example: run -->}, {@code given <statements>} (declarations the fragment assumes, e.g. its
 * data), {@code members of <class header>} (the block is the body of that class, e.g. one method
 * of a layer), or {@code spark} (the block needs graph-spark: samples-spark compiles it).
 */
public final class ReadmeExamples {
  private static final Pattern BLOCK = Pattern.compile(
      "(?:<!-- example: (.*?) -->\\s*\\n)?```java\\n(.*?)```", Pattern.DOTALL);
  /** What a block without imports of its own may use. */
  public static final String IMPORTS = String.join("\n",
      "import java.util.*;", "import java.nio.file.*;", "import io.nabla.core.autodiff.*;",
      "import io.nabla.testing.*;", "import io.nabla.core.exec.*;",
      "import io.nabla.core.graph.*;", "import io.nabla.core.tensor.*;",
      "import io.nabla.nn.data.*;", "import io.nabla.nn.io.*;", "import io.nabla.nn.layer.*;",
      "import io.nabla.nn.model.*;", "import io.nabla.nn.optim.*;", "import io.nabla.nn.train.*;",
      "import io.nabla.nn.viz.*;", "import io.nabla.ops.nn.*;", "import io.nabla.onnx.*;",
      "import io.nabla.onnx.proto.OnnxProto.ModelProto;",
      "import static io.nabla.ops.Ops.*;", "import static io.nabla.ops.NnOps.*;", "");

  private ReadmeExamples() {}

  /** One README block: its directive (may be empty), its code, and where it starts. */
  public record Example(String directive, String code, int line) {
    public boolean runs() {
      return directive.startsWith("run");
    }

    /** Whether the block needs graph-spark (compiled by samples-spark's tests). */
    public boolean spark() {
      return directive.startsWith("spark");
    }
  }

  /** The blocks of {@code markdown}, in order. */
  public static List<Example> examples(String markdown) {
    List<Example> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(markdown);
    while (m.find()) {
      int line = markdown.substring(0, m.start(2)).split("\n", -1).length;
      out.add(new Example(m.group(1) == null ? "" : m.group(1).strip(), m.group(2), line));
    }
    return out;
  }

  /** The compilation unit of example {@code i}, class {@code Example<i>}, with {@code imports}. */
  public static String source(Example e, int i, String imports) {
    // a block with imports of its own must name everything it uses: it is copied as a whole
    StringBuilder head = new StringBuilder("package io.nabla.samples;\n");
    StringBuilder body = new StringBuilder();
    boolean own = false;
    for (String l : e.code().split("\n")) {
      if (l.startsWith("import ")) {
        head.append(l).append('\n');
        own = true;
      } else {
        body.append(l).append('\n');
      }
    }
    if (!own) {
      head.append(imports);
    }
    String d = e.directive().replaceFirst("^(run|spark)\\s*;?\\s*", "");
    String name = "Example" + i;
    if (d.startsWith("members of ")) {
      String header = d.substring("members of ".length()).strip();
      // the header opens the class and may declare what the members use
      long open = header.chars().filter(c -> c == '{').count()
          - header.chars().filter(c -> c == '}').count();
      return head + header.replace("CLASS", name) + "\n" + body + "}\n".repeat((int) open);
    }
    String given = d.startsWith("given ") ? d.substring("given ".length()) : "";
    return head + "public class " + name + " {\n  public static void run() throws Exception {\n"
        + given + "\n" + body + "  }\n}\n";
  }

  /**
   * Compiles {@code sources} (class name → source) into {@code dir} against this JVM's class
   * path; returns the compiler's messages, or null when all compiled.
   */
  public static String compile(List<String> names, List<String> sources, Path dir) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<JavaFileObject> units = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String src = sources.get(i);
      units.add(new SimpleJavaFileObject(URI.create("string:///" + names.get(i) + ".java"),
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
      return ok ? null : errors.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
