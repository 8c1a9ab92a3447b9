package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;

/**
 * Single-precision matrix product {@code C = op(A) · op(B)} on row-major arrays, where
 * {@code op(X)} is X or its transpose. The inner loops are a {@link GemmKernel}: the Vector API
 * path when the JVM was started with {@code --add-modules jdk.incubator.vector}, plain loops
 * otherwise (chosen once, see {@link Simd}). The work is split over the available cores along
 * whichever of C's dimensions has more blocks.
 */
public final class Gemm {
  /** Multiply-adds per parallel chunk below which a product stays on one thread. */
  private static final long GRAIN_FLOPS = 1 << 17;
  private static final int ROW_BLOCK = 4;
  private static final int COL_BLOCK = 32;

  private Gemm() {}

  /**
   * {@code C[m,n] = op(A)[m,k] · op(B)[k,n]}. A is stored {@code [m,k]}, or {@code [k,m]} when
   * {@code ta}; B is stored {@code [k,n]}, or {@code [n,k]} when {@code tb}. C is overwritten.
   */
  public static void multiply(float[] a, int aOff, boolean ta, float[] b, int bOff, boolean tb,
      float[] c, int cOff, int m, int n, int k) {
    multiply(a, aOff, ta, b, bOff, tb, c, cOff, m, n, k, false);
  }

  /** As {@link #multiply}, adding the product to C instead when {@code accumulate}. */
  public static void multiply(float[] a, int aOff, boolean ta, float[] b, int bOff, boolean tb,
      float[] c, int cOff, int m, int n, int k, boolean accumulate) {
    multiply(Simd.gemm(), a, aOff, ta, b, bOff, tb, c, cOff, m, n, k, accumulate);
  }

  /** The product with a given kernel (tests compare the paths). */
  static void multiply(GemmKernel kernel, float[] a, int aOff, boolean ta, float[] b, int bOff,
      boolean tb, float[] c, int cOff, int m, int n, int k, boolean accumulate) {
    long flops = (long) m * n * Math.max(k, 1);
    // dot-product kernels (B transposed) work a row and four columns at a time, so finer
    // blocks balance small products (a 6×25 filter gradient) across the cores
    int rowBlock = tb ? 1 : ROW_BLOCK;
    int colBlock = tb ? 4 : COL_BLOCK;
    int rowBlocks = (m + rowBlock - 1) / rowBlock;
    int colBlocks = (n + colBlock - 1) / colBlock;
    boolean byRows = rowBlocks >= colBlocks;
    int blocks = byRows ? rowBlocks : colBlocks;
    int grain = (int) Math.max(1, GRAIN_FLOPS * blocks / Math.max(1, flops));
    Parallel.range(blocks, grain, (from, to) -> {
      if (byRows) {
        kernel.block(a, aOff, ta, b, bOff, tb, c, cOff, m, n, k, from * rowBlock,
            Math.min(m, to * rowBlock), 0, n, accumulate);
      } else {
        kernel.block(a, aOff, ta, b, bOff, tb, c, cOff, m, n, k, 0, m, from * colBlock,
            Math.min(n, to * colBlock), accumulate);
      }
    });
  }
}
