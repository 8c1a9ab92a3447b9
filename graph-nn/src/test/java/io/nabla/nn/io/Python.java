package io.nabla.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Runs {@code python3} and the Python scripts beside these tests, in a subprocess. */
final class Python {
  private static final long TIMEOUT_SECONDS = 120;
  private static final Map<String, Boolean> WORKS = new ConcurrentHashMap<>();

  private Python() {}

  /** True when {@code python3 -c code} runs and exits 0 (remembered per code). */
  static boolean works(String code) {
    return WORKS.computeIfAbsent(code, c -> {
      try {
        Process p = new ProcessBuilder("python3", "-c", c).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return false;
        }
        return p.exitValue() == 0;
      } catch (IOException e) {
        return false; // no python3 on the PATH
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
  }

  /**
   * Runs the test resource {@code script} with {@code args} and returns what it printed;
   * fails the test, with the script's error output, when it does not exit 0.
   */
  static String run(Path workDir, String script, Object... args)
      throws IOException, InterruptedException {
    Path copy = workDir.resolve(script);
    try (InputStream in = Python.class.getResourceAsStream(script)) {
      assertNotNull(in, "test resource " + script + " is missing");
      Files.copy(in, copy);
    }
    List<String> command = new ArrayList<>(List.of("python3", copy.toString()));
    for (Object a : args) {
      command.add(a.toString());
    }
    Path stderr = workDir.resolve(script + ".stderr");
    Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    byte[] stdout = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), script + " did not finish");
    assertEquals(0, p.exitValue(), () -> script + " failed:\n" + readQuietly(stderr));
    return new String(stdout, StandardCharsets.UTF_8);
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no error output: " + e + ")";
    }
  }
}
