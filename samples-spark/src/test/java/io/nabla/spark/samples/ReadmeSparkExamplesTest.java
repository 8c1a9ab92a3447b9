package io.nabla.spark.samples;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.samples.ReadmeExamples;
import io.nabla.samples.ReadmeExamples.Example;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's blocks marked {@code spark} compile against graph-spark and Spark (the samples,
 * which compile the others, cannot see graph-spark).
 */
class ReadmeSparkExamplesTest {
  private static final String IMPORTS = ReadmeExamples.IMPORTS
      + "import io.nabla.spark.*;\nimport org.apache.spark.api.java.*;\n";

  @Test
  void theSparkBlocksOfTheReadmeCompile(@TempDir Path dir) throws Exception {
    List<Example> examples = ReadmeExamples.examples(
        Files.readString(Path.of("..", "README.md")));
    List<String> names = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      if (examples.get(i).spark()) {
        names.add("Example" + i);
        sources.add(ReadmeExamples.source(examples.get(i), i, IMPORTS));
        lines.add(examples.get(i).line());
      }
    }
    assertTrue(!names.isEmpty(), "no block of README.md is marked spark");
    String errors = ReadmeExamples.compile(names, sources, dir);
    assertNull(errors, () -> "README's Spark examples (lines " + lines + ") do not compile:\n"
        + errors);
  }
}
