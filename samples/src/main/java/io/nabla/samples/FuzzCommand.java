package io.nabla.samples;

import io.nabla.testing.fuzz.FuzzReport;
import io.nabla.testing.fuzz.GradientFuzzer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Gradient fuzzing of the op library, as a command: exits with 1 when a gradient is wrong. */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
    description = "Checks the gradients of random graphs of the op library (broadcasting, fan-out,"
        + " long chains, an unknown batch) against finite differences. A failing graph is shrunk"
        + " to the smallest that still fails and printed as text and DOT, with the seed and case"
        + " that reproduce it; the exit code is then 1.")
final class FuzzCommand implements Callable<Integer> {
  @Option(names = "--cases", defaultValue = "2000",
      description = "random graphs to check (default: ${DEFAULT-VALUE})")
  int cases;

  @Option(names = "--seed", defaultValue = "42",
      description = "seed of the run; case k of a seed is always the same graph"
          + " (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--case", description = "check only this case number: reproduces a failure")
  Integer only;

  @Option(names = "--max-failures", defaultValue = "1",
      description = "stop after this many failures, each shrunk (default: ${DEFAULT-VALUE})")
  int maxFailures;

  @Override
  public Integer call() {
    GradientFuzzer fuzzer = GradientFuzzer.builder().seed(seed).maxFailures(maxFailures)
        .progress(line -> System.out.println("fuzz: " + line)).build();
    FuzzReport report = only != null ? fuzzer.run(only, 1) : fuzzer.run(0, cases);
    report.failures().forEach(f -> System.out.println(f.report()));
    System.out.println(report.summary());
    System.out.println(new ResultLine("fuzz", "random-graphs").put("seed", seed)
        .put("cases", report.cases()).put("failures", report.failures().size())
        .put("inconclusive", report.inconclusive()).put("seconds", report.seconds())
        .put("ops_covered", report.opTypes().size())
        .put("max_chain", report.sizes().maxDepth()).format());
    return report.ok() ? 0 : 1;
  }
}
