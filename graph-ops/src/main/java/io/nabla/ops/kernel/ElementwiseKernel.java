package io.nabla.ops.kernel;

/** Element-wise kernels with a SIMD path (see {@link Simd}). */
public final class ElementwiseKernel {
  private ElementwiseKernel() {}

  /** ReLU's gradient: {@code dx[i] = x[i] > 0 ? dy[i] : 0} for {@code from ≤ i < to}. */
  public static void reluGrad(float[] dy, float[] x, float[] dx, int from, int to) {
    Simd.selections().keepWherePositive(dy, x, dx, from, to);
  }
}
