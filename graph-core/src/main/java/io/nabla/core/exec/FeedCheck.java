package io.nabla.core.exec;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;

/**
 * Refuses a value fed to a placeholder that does not fit it: another rank, a known dimension of
 * another size, or an empty batch (0 along a dimension the placeholder leaves open), which would
 * otherwise run and give a mean of nothing.
 */
final class FeedCheck {
  private FeedCheck() {}

  /**
   * Fails with a message naming the placeholder, both shapes and the dimension at fault. Runs
   * on every step, so it builds no message unless it fails.
   */
  static void check(Node placeholder, Tensor fed) {
    Shape expected = placeholder.shape();
    Shape actual = fed.shape();
    if (actual.rank() != expected.rank()) {
      throw new IllegalArgumentException(head(placeholder, actual) + ": rank " + actual.rank()
          + " instead of " + expected.rank() + "; reshape the value to " + expected.describe()
          + " (a single example still needs its batch axis)");
    }
    for (int d = 0; d < expected.rank(); d++) {
      int want = expected.dim(d);
      int got = actual.dim(d);
      if (want != Shape.UNKNOWN && want != got) {
        throw new IllegalArgumentException(head(placeholder, actual) + ": dimension " + d
            + " is " + got + ", not " + want + "; feed a value of " + expected.describe());
      }
      if (want == Shape.UNKNOWN && got == 0) {
        throw new IllegalArgumentException("placeholder '" + placeholder.name() + "' "
            + expected.describe() + " was fed an empty batch " + actual.describe()
            + " (dimension " + d + " is 0); feed at least one example");
      }
    }
  }

  private static String head(Node placeholder, Shape actual) {
    return "placeholder '" + placeholder.name() + "' expects " + placeholder.shape().describe()
        + " but was fed " + actual.describe();
  }
}
