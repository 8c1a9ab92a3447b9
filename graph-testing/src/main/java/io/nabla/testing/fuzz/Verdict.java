package io.nabla.testing.fuzz;

import java.util.Set;

/**
 * The outcome of checking one random graph, with a short {@code kind} that tells failures apart
 * ({@code mismatch}, or the class of an exception thrown while differentiating) and the op types
 * of the checked graph, gradient nodes included.
 */
public record Verdict(Outcome outcome, String kind, String detail, Set<String> opTypes) {

  /** What happened. */
  public enum Outcome {
    /** Symbolic and numeric gradients agree. */
    PASSED,
    /** They disagree somewhere, or building or running the gradient threw. */
    FAILED,
    /** Nothing disagreed, but too many points sat on kinks to call it a pass. */
    INCONCLUSIVE,
    /** The graph cannot be checked: it does not build, or its forward values are unusable. */
    INVALID
  }

  public Verdict {
    opTypes = Set.copyOf(opTypes);
  }

  static Verdict invalid(String detail) {
    return new Verdict(Outcome.INVALID, "invalid", detail, Set.of());
  }

  /** True for a failure: a gradient disagrees, or differentiating threw. */
  public boolean failed() {
    return outcome == Outcome.FAILED;
  }

  /** True when both are failures of the same kind: the shrinker keeps a graph only then. */
  public boolean sameFailureAs(Verdict other) {
    return failed() && other.failed() && kind.equals(other.kind);
  }
}
