package io.nabla.nn.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Python interpreter for the tests that check Nabla against code written in Python, and the
 * way to run the scripts kept as test resources beside those tests, in a subprocess.
 *
 * <p>{@link #find} tries {@code python3} on the PATH first, then Debian's {@code
 * /usr/bin/python3}: a pyenv or virtualenv {@code python3} often lacks the packages the system
 * installed (such as {@code python3-torch}), while the system one has them.
 */
public final class Python {
  /** The interpreters {@link #find} tries, in order. */
  static final List<String> CANDIDATES = List.of("python3", "/usr/bin/python3");
  private static final long TIMEOUT_SECONDS = 120;
  /** Reads and writes F32 safetensors files as PyTorch tensors, for the scripts. */
  private static final String SHARED_MODULE = "torch_safetensors.py";
  private static final Map<String, Optional<Python>> FOUND = new ConcurrentHashMap<>();

  private final String executable;

  private Python(String executable) {
    this.executable = executable;
  }

  /**
   * The first interpreter on which {@code python -c check} exits 0 (e.g. {@code "import torch"}),
   * or empty when none does; remembered per check.
   */
  public static Optional<Python> find(String check) {
    return FOUND.computeIfAbsent(check, c -> {
      for (String candidate : CANDIDATES) {
        if (exitsCleanly(candidate, c)) {
          return Optional.of(new Python(candidate));
        }
      }
      return Optional.empty();
    });
  }

  private static boolean exitsCleanly(String executable, String code) {
    try {
      Process p = new ProcessBuilder(executable, "-c", code).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false; // no such interpreter
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The interpreter's command, e.g. {@code /usr/bin/python3}. */
  public String executable() {
    return executable;
  }

  /**
   * Runs {@code script}, a test resource beside {@code owner}, in {@code workDir} with {@code
   * args}, and returns what it printed; fails the test, with the script's error output, when it
   * does not exit 0 within two minutes.
   */
  public String run(Path workDir, Class<?> owner, String script, Object... args)
      throws IOException, InterruptedException {
    Path copy = workDir.resolve(script);
    copyResource(owner, script, copy);
    // the module the scripts share, which Python finds beside the script it runs
    copyResource(Python.class, SHARED_MODULE, workDir.resolve(SHARED_MODULE));
    List<String> command = new ArrayList<>(List.of(executable, copy.toString()));
    for (Object a : args) {
      command.add(a.toString());
    }
    // Both streams go to files, so a script that hangs cannot block us past the timeout.
    Path stdout = workDir.resolve(script + ".stdout");
    Path stderr = workDir.resolve(script + ".stderr");
    Process p = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly();
    }
    assertTrue(finished, () -> executable + " " + script + " did not finish within "
        + TIMEOUT_SECONDS + " s:\n" + readQuietly(stderr));
    assertEquals(0, p.exitValue(), () -> executable + " " + script + " failed:\n"
        + readQuietly(stderr));
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  private static void copyResource(Class<?> owner, String name, Path to) throws IOException {
    try (InputStream in = owner.getResourceAsStream(name)) {
      assertNotNull(in, "test resource " + name + " beside " + owner.getName() + " is missing");
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no error output: " + e + ")";
    }
  }

  @Override
  public String toString() {
    return executable;
  }
}
