package io.nabla.samples;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** The samples launcher: {@code java -jar nabla-samples.jar <sample> [--out DIR]}. */
public final class Main {
  private Main() {}

  private static final Map<String, String> SAMPLES = Map.of(
      "xor", "logistic regression next to a tanh MLP on XOR, trained by hand on the graph");

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || !SAMPLES.containsKey(args[0])) {
      System.out.println("usage: java -jar nabla-samples.jar <sample> [--out DIR]");
      SAMPLES.forEach((name, what) -> System.out.printf("  %-10s %s%n", name, what));
      if (args.length > 0 && !args[0].equals("--help")) {
        System.err.println("unknown sample '" + args[0] + "'");
        System.exit(2);
      }
      return;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    Path out = Path.of("out", args[0]);
    for (int i = 0; i < rest.length; i++) {
      if (rest[i].equals("--out") && i + 1 < rest.length) {
        out = Path.of(rest[++i]);
      }
    }
    XorSample.run(out);
  }
}
