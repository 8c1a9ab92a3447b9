package io.nabla.ops.kernel;

import io.nabla.core.tensor.Broadcast;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Arrays;

/** Reductions other than the sum (which is the core's {@code SumLike.sumTo}). */
public final class ReduceKernel {
  private ReduceKernel() {}

  /** {@code out} (reduced axes kept as size 1) receives the maximum of {@code x} over them. */
  public static void maxTo(Tensor x, Tensor out) {
    float[] xd = x.data();
    float[] od = out.data();
    Shape xs = x.shape();
    Arrays.fill(od, 0, out.size(), Float.NEGATIVE_INFINITY);
    if (xs.rank() == 0) {
      od[0] = xd[0];
      return;
    }
    int[][] strides = {Broadcast.strides(out.shape(), xs)};
    int inner = xs.dim(-1);
    boolean innerKept = strides[0][xs.rank() - 1] != 0;
    Broadcast.forEachRow(xs, strides, (xo, offsets) -> {
      int oo = offsets[0];
      if (innerKept) {
        for (int i = 0; i < inner; i++) {
          od[oo + i] = Math.max(od[oo + i], xd[xo + i]);
        }
      } else {
        float m = od[oo];
        for (int i = 0; i < inner; i++) {
          m = Math.max(m, xd[xo + i]);
        }
        od[oo] = m;
      }
    });
  }
}
