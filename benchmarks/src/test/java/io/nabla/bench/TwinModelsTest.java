package io.nabla.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch twin ({@code benchmarks/torch/suite.py params}) builds the suite's models with the
 * same parameter counts and the same convolutions (channels, kernel, stride, input size, in
 * order) as graph-nn. Skipped, saying so, when no {@code python3} with torch is installed.
 */
class TwinModelsTest {
  private static final Path SCRIPT = Path.of("torch", "suite.py");

  @Test
  void twinHasTheSameParametersAndConvolutions() throws Exception {
    Optional<String> python = findTorch();
    assumeTrue(python.isPresent(),
        "python3 with torch is not installed: apt-get install python3-torch");
    String out = run(python.get(), SCRIPT.toString(), "params");
    String result = out.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no RESULT line from suite.py params:\n" + out));
    for (SuiteModel m : SuiteModel.values()) {
      Matcher count = Pattern.compile("\"" + m.id() + "\": (\\d+)").matcher(result);
      assertTrue(count.find(), () -> m.id() + " missing from " + result);
      assertEquals(m.build().parameterCount(), Long.parseLong(count.group(1)),
          m.id() + ": parameter count, Nabla against PyTorch");
      Matcher convs = Pattern.compile("\"" + m.id() + "_convs\": \\[([^\\]]*)\\]")
          .matcher(result);
      assertTrue(convs.find(), () -> m.id() + "_convs missing from " + result);
      List<String> torchKeys = Pattern.compile("\"([^\"]*)\"").matcher(convs.group(1))
          .results().map(r -> r.group(1)).toList();
      assertEquals(ConvLayer.of(m.build()).stream().map(ConvLayer::key).toList(), torchKeys,
          m.id() + ": convolutions, Nabla against PyTorch");
    }
  }

  /**
   * python3 on the PATH, then Debian's /usr/bin/python3 (a pyenv one often lacks torch); {@code
   * torch.nn}, since this directory's {@code torch/} would pass for a bare {@code torch}.
   */
  private static Optional<String> findTorch() throws InterruptedException {
    for (String exe : List.of("python3", "/usr/bin/python3")) {
      try {
        Process p = new ProcessBuilder(exe, "-c", "import torch.nn").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return Optional.of(exe);
        }
        p.destroyForcibly();
      } catch (IOException e) {
        // no such interpreter: try the next
      }
    }
    return Optional.empty();
  }

  private static String run(String... command) throws Exception {
    assertTrue(Files.exists(SCRIPT), SCRIPT.toAbsolutePath() + " is missing");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] bytes = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "suite.py params did not finish in 2 minutes");
    String out = new String(bytes, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), () -> "suite.py params failed:\n" + out);
    return out;
  }
}
