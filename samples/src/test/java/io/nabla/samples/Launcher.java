package io.nabla.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Runs the samples' launcher in-process, as a user would from the command line. */
final class Launcher {
  private Launcher() {}

  /** Runs {@code args}, which must exit 0; returns the standard output. */
  static String run(String... args) {
    return capture(System.out, System::setOut, 0, args);
  }

  /** Runs {@code args}, which must exit 1; returns the standard error. */
  static String fails(String... args) {
    return capture(System.err, System::setErr, 1, args);
  }

  private static String capture(PrintStream old, Consumer<PrintStream> set, int expected,
      String... args) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    set.accept(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.run(args);
    } finally {
      set.accept(old);
    }
    String text = buffer.toString(StandardCharsets.UTF_8);
    assertEquals(expected, code, () -> String.join(" ", args) + " exited with " + code
        + " instead of " + expected + ":\n" + text);
    return text;
  }
}
