package io.nabla.testing.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.SortedSet;

/**
 * What a fuzzing run did: cases checked and how they ended, the op types the checked graphs held
 * (gradient nodes included), the failures with their shrunk graphs, and the time taken.
 */
public record FuzzReport(long seed, int cases, int passed, int inconclusive, int discarded,
    List<FuzzFailure> failures, SortedSet<String> opTypes, Sizes sizes, double seconds) {

  /** How large the checked graphs were: steps in all, the most in one graph, the deepest chain. */
  public record Sizes(long steps, int maxSteps, int maxDepth) {
    Sizes plus(FuzzGraph g) {
      return new Sizes(steps + g.stepCount(), Math.max(maxSteps, g.stepCount()),
          Math.max(maxDepth, g.depth()));
    }
  }

  public FuzzReport {
    failures = List.copyOf(failures);
    opTypes = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(opTypes));
  }

  /** True when no case failed. */
  public boolean ok() {
    return failures.isEmpty();
  }

  /** One line: cases, outcomes, time and coverage. */
  public String summary() {
    return String.format(Locale.ROOT, "gradient fuzzing, seed %d: %d cases, %d passed,"
        + " %d inconclusive (kinks), %d failed, %d redrawn; %.1f s; %.1f steps a graph (at most"
        + " %d, chains up to %d deep); %d op types covered: %s", seed, cases, passed,
        inconclusive, failures.size(), discarded, seconds,
        cases == 0 ? 0.0 : (double) sizes.steps() / cases, sizes.maxSteps(), sizes.maxDepth(),
        opTypes.size(), String.join(" ", opTypes));
  }
}
