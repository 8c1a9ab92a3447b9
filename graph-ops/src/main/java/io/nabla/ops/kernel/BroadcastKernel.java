package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;
import io.nabla.core.tensor.Broadcast;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;

/** Drives a binary element-wise function over two broadcast operands, row by row. */
public final class BroadcastKernel {
  private static final int GRAIN = 1 << 15;

  private BroadcastKernel() {}

  /** One run of {@code n} outputs; strides are 0 (broadcast) or 1. */
  @FunctionalInterface
  public interface Rows {
    void combine(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int o, int n);
  }

  /** {@code out = f(a, b)} with {@code a} and {@code b} broadcast to {@code out}'s shape. */
  public static void apply(Tensor a, Tensor b, Tensor out, Rows f) {
    Shape os = out.shape();
    int n = out.size();
    float[] ad = a.data();
    float[] bd = b.data();
    float[] od = out.data();
    boolean aFull = a.shape().equals(os);
    boolean bFull = b.shape().equals(os);
    if ((aFull || a.size() == 1) && (bFull || b.size() == 1)) {
      // the common cases: equal shapes, or a scalar against a tensor
      int as = aFull ? 1 : 0;
      int bs = bFull ? 1 : 0;
      Parallel.range(n, GRAIN, (from, to) ->
          f.combine(ad, from * as, as, bd, from * bs, bs, od, from, to - from));
      return;
    }
    int[][] strides = {Broadcast.strides(a.shape(), os), Broadcast.strides(b.shape(), os)};
    int last = os.rank() - 1;
    int inner = os.dim(last);
    int as = strides[0][last];
    int bs = strides[1][last];
    Broadcast.forEachRow(os, strides, (o, offsets) ->
        f.combine(ad, offsets[0], as, bd, offsets[1], bs, od, o, inner));
  }
}
