package io.nabla.testing;

import java.util.ArrayList;
import java.util.List;

/** The outcome of a {@link GradientCheck}: how many comparisons passed, failed, or sat on a kink. */
public final class GradientCheckReport {
  /** More skipped kinks than this fraction of all comparisons fails the check. */
  private static final double MAX_KINK_FRACTION = 0.2;

  private final String subject;
  private final List<String> failures = new ArrayList<>();
  private final List<String> kinks = new ArrayList<>();
  private int passed;

  GradientCheckReport(String subject) {
    this.subject = subject;
  }

  void passed() {
    passed++;
  }

  void failed(String detail) {
    failures.add(detail);
  }

  void skippedKink(String detail) {
    kinks.add(detail);
  }

  public int passedCount() {
    return passed;
  }

  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** Comparisons skipped because the point sat on a kink of the function. */
  public List<String> kinks() {
    return List.copyOf(kinks);
  }

  /**
   * True when nothing failed and few points sat on kinks (too many kinks means the test inputs
   * should be moved away from them).
   */
  public boolean ok() {
    int total = passed + failures.size() + kinks.size();
    return failures.isEmpty() && total > 0 && kinks.size() <= MAX_KINK_FRACTION * total;
  }

  /** Throws an {@link AssertionError} with the details unless {@link #ok()}. */
  public GradientCheckReport assertPassed() {
    if (!ok()) {
      throw new AssertionError(toString());
    }
    return this;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("gradient check of ").append(subject).append(": ")
        .append(passed).append(" passed, ").append(failures.size()).append(" failed, ")
        .append(kinks.size()).append(" on kinks");
    failures.stream().limit(10).forEach(f -> sb.append("\n  failed: ").append(f));
    if (!kinks.isEmpty() && kinks.size() > MAX_KINK_FRACTION * (passed + failures.size()
        + kinks.size())) {
      sb.append("\n  too many points on kinks; move the inputs away from them, e.g. ")
          .append(kinks.get(0));
    }
    return sb.toString();
  }
}
