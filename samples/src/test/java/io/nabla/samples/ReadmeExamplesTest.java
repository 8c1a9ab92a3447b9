package io.nabla.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.samples.ReadmeExamples.Example;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of README.md is compiled against the libraries, and those marked {@code run}
 * are run, so an example that stops compiling or working fails the build (the directives are in
 * {@link ReadmeExamples}); those marked {@code spark} are samples-spark's.
 */
class ReadmeExamplesTest {

  @Test
  void everyJavaBlockOfTheReadmeCompilesAndTheMarkedOnesRun(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    List<Example> examples = ReadmeExamples.examples(readme);
    assertTrue(examples.size() >= 7, "found " + examples.size() + " Java blocks in README.md");
    List<String> names = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      if (!examples.get(i).spark()) {
        names.add("Example" + i);
        sources.add(ReadmeExamples.source(examples.get(i), i, ReadmeExamples.IMPORTS));
      }
    }
    String errors = ReadmeExamples.compile(names, sources, dir);
    assertNull(errors, () -> "README examples do not compile (ExampleN is the N-th Java block,"
        + " from 0; lines " + examples.stream().map(e -> String.valueOf(e.line())).toList()
        + "):\n" + errors);
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
    List<Example> e = ReadmeExamples.examples("text\n<!-- example: run; given int a = 1; -->\n"
        + "```java\nimport x.Y;\nint b = a;\n```\nmore\n```java\nfoo();\n```\n"
        + "<!-- example: spark; given int c = 2; -->\n```java\nbar(c);\n```\n");
    assertEquals(3, e.size());
    assertEquals("run; given int a = 1;", e.get(0).directive());
    assertTrue(e.get(0).runs());
    String imports = ReadmeExamples.IMPORTS;
    assertTrue(ReadmeExamples.source(e.get(0), 0, imports).contains("import x.Y;\n"));
    assertTrue(!ReadmeExamples.source(e.get(0), 0, imports).contains("import java.util.*;"),
        "own imports only");
    assertTrue(ReadmeExamples.source(e.get(1), 1, imports).contains("import java.util.*;"),
        "a fragment gets the API");
    assertTrue(ReadmeExamples.source(e.get(0), 0, imports).contains("int a = 1;\nint b = a;"));
    assertEquals("", e.get(1).directive());
    assertTrue(e.get(2).spark() && !e.get(2).runs());
    assertTrue(ReadmeExamples.source(e.get(2), 2, imports).contains("int c = 2;\nbar(c);"));
  }
}
