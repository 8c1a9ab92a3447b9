package io.nabla.nn.model;

import io.nabla.core.tensor.Shape;
import java.util.Arrays;

/**
 * Whether a tensor is a batch a model can take, {@code [n, …feature shape]} with n ≥ 1; the
 * messages say what the model takes, what it got, and the reshape that would fit.
 */
final class InputCheck {
  private InputCheck() {}

  /** Fails unless {@code x} is a non-empty batch of examples shaped {@code features}. */
  static void check(Shape input, Shape features, Shape x) {
    if (x.rank() != input.rank()) {
      if (x.equals(features)) {
        throw new IllegalArgumentException("the model takes a batch " + input.describe()
            + " but was given a single example " + x.describe() + "; add the batch axis:"
            + " reshape it to " + withCount(1, features));
      }
      throw new IllegalArgumentException("the model takes a batch " + input.describe()
          + " but was given " + x.describe() + " (rank " + x.rank() + " instead of "
          + input.rank() + "); reshape it to " + withCount(-1, features).replace("-1", "n"));
    }
    Shape given = Shape.of(Arrays.copyOfRange(x.dims(), 1, x.rank()));
    if (!given.equals(features)) {
      String fix = given.size() == features.size()
          ? "reshape it to " + withCount(x.dim(0), features)
          : "each example has " + given.size() + " values but the model takes "
              + features.size() + "; the data does not fit this model";
      throw new IllegalArgumentException("the model takes examples of " + features.describe()
          + " but was given " + x.describe() + " (examples of " + given.describe() + "); "
          + fix);
    }
    if (x.dim(0) == 0) {
      throw new IllegalArgumentException("the model was given an empty batch " + x.describe()
          + "; give at least one example");
    }
  }

  /** {@code [n,1,28,28]} for n examples of {@code [1,28,28]}. */
  private static String withCount(int n, Shape features) {
    int[] d = new int[features.rank() + 1];
    d[0] = n;
    System.arraycopy(features.dims(), 0, d, 1, features.rank());
    return Arrays.toString(d).replace(" ", "");
  }
}
