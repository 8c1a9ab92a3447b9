package io.nabla.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * ONNX's own checker, {@code onnx.checker.check_model(model, full_check=True)}, from Debian's
 * {@code python3-onnx}: tries {@code python3} on the PATH, then {@code /usr/bin/python3} (a pyenv
 * interpreter often lacks the system's packages).
 */
final class OnnxChecker {
  static final String INSTALL = "apt-get install python3-onnx";
  private static final String CHECK = "import onnx, sys; "
      + "onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)";
  private static Optional<String> python;

  private OnnxChecker() {}

  /** An interpreter that imports onnx, or empty. */
  static synchronized Optional<String> python() {
    if (python == null) {
      python = Optional.empty();
      for (String candidate : List.of("python3", "/usr/bin/python3")) {
        try {
          if (run(List.of(candidate, "-c", "import onnx"), null).isEmpty()) {
            python = Optional.of(candidate);
            break;
          }
        } catch (IOException e) {
          // no such interpreter: try the next
        }
      }
    }
    return python;
  }

  /** The checker's complaint about {@code file}, or empty when it accepts it. */
  static Optional<String> check(Path file) throws IOException {
    return run(List.of(python().orElseThrow(), "-c", CHECK, file.toString()), file.getParent());
  }

  private static Optional<String> run(List<String> command, Path dir) throws IOException {
    Path log = Files.createTempFile("onnx-check", ".log");
    try {
      ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      if (dir != null) {
        b.directory(dir.toFile());
      }
      Process p = b.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of(command + " did not finish within 120 s");
      }
      return p.exitValue() == 0 ? Optional.empty() : Optional.of(Files.readString(log));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command, e);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
