package io.nabla.ops.kernel;

/**
 * Element-wise selections by a condition, which the JIT leaves as scalar branches (a ReLU mask
 * is a coin toss per element, so the branch mispredicts about half the time); the SIMD path
 * selects whole vectors with a mask instead.
 */
interface SelectKernel {

  /** The scalar path. */
  SelectKernel SCALAR = (dy, x, dx, from, to) -> {
    for (int i = from; i < to; i++) {
      dx[i] = x[i] > 0f ? dy[i] : 0f;
    }
  };

  /** {@code dx[i] = x[i] > 0 ? dy[i] : 0} for {@code from ≤ i < to} (0 where x is NaN). */
  void keepWherePositive(float[] dy, float[] x, float[] dx, int from, int to);
}
