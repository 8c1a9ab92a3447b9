package io.nabla.ops.nn;

import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.BatchNormKernel;

/** The shape rules the batch-norm ops share; unknown dimensions match anything. */
final class BatchNormShapes {
  private BatchNormShapes() {}

  /** The channel count of {@code x} (maybe unknown), which must be [N,C] or [N,C,H,W]. */
  static int channels(Shape x) {
    if (x.rank() != 2 && x.rank() != 4) {
      throw new ShapeException("x must be [N,C] (features) or [N,C,H,W] (images), not "
          + x.describe() + "; flatten or reshape it first");
    }
    return x.dim(1);
  }

  /** Fails unless {@code v} is a vector of {@code c} values, one per channel. */
  static void perChannel(String what, Shape v, int c) {
    if (v.rank() != 1 || !matches(v.dim(0), c)) {
      throw new ShapeException(what + " must be [" + describe(c) + "], one value per channel of"
          + " x, not " + v.describe());
    }
  }

  /** Fails unless {@code rows} is [2,C]: two values per channel, as statistics and sums are. */
  static void twoRows(String what, Shape rows, int c) {
    if (rows.rank() != 2 || !matches(rows.dim(0), 2) || !matches(rows.dim(1), c)) {
      throw new ShapeException(what + " must be [2," + describe(c) + "], two rows of one value"
          + " per channel of x, not " + rows.describe());
    }
  }

  /** Fails unless {@code like} (say dy) could have the shape of x. */
  static void likeX(String what, Shape like, Shape x) {
    boolean ok = like.rank() == x.rank();
    for (int d = 0; ok && d < x.rank(); d++) {
      ok = matches(like.dim(d), x.dim(d));
    }
    if (!ok) {
      throw new ShapeException(what + " " + like.describe() + " must have the shape of x "
          + x.describe());
    }
  }

  /** The channel count, taken from whichever of two shapes knows it. */
  static int known(int a, int b) {
    return a == Shape.UNKNOWN ? b : a;
  }

  /** The run-time layout of x for the kernel. */
  static BatchNormKernel.Layout layout(Shape x) {
    int planes = x.rank() == 4 ? x.dim(2) * x.dim(3) : 1;
    return new BatchNormKernel.Layout(x.dim(0), x.dim(1), planes);
  }

  private static boolean matches(int a, int b) {
    return a == Shape.UNKNOWN || b == Shape.UNKNOWN || a == b;
  }

  private static String describe(int c) {
    return c == Shape.UNKNOWN ? "C" : Integer.toString(c);
  }
}
