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
  /** A transposed B of depth {@code k} is copied back to rows when {@code k < this · m}. */
  private static final int TRANSPOSE_ROWS = 16;
  /** Floats per parallel chunk of that copy. */
  private static final int TRANSPOSE_GRAIN = 1 << 13;

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
    if (tb && k > 0 && k < TRANSPOSE_ROWS * m) {
      // with B's rows, each entry of C is a dot product ending in a horizontal sum, which costs
      // more than the products when rows are short (a dense layer's input gradient, k = 120:
      // ×4.5); copying B back to rows costs a pass over B, paid back when C has many rows
      float[] bt = Scratch.get(Scratch.GEMM_TRANSPOSED, n * k);
      transpose(b, bOff, n, k, bt);
      split(kernel, a, aOff, ta, bt, 0, false, c, cOff, m, n, k, accumulate);
    } else {
      split(kernel, a, aOff, ta, b, bOff, tb, c, cOff, m, n, k, accumulate);
    }
  }

  /** Runs the product in blocks of C spread over the cores. */
  private static void split(GemmKernel kernel, float[] a, int aOff, boolean ta, float[] b,
      int bOff, boolean tb, float[] c, int cOff, int m, int n, int k, boolean accumulate) {
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

  /**
   * {@code out[j·rows + i] = b[off + i·cols + j]}: the {@code [rows, cols]} block transposed,
   * four source rows at a time so that each pass writes four adjacent floats.
   */
  private static void transpose(float[] b, int off, int rows, int cols, float[] out) {
    int quads = (rows + 3) / 4;
    Parallel.range(quads, Math.max(1, TRANSPOSE_GRAIN / Math.max(1, 4 * cols)), (from, to) -> {
      for (int q = from; q < to; q++) {
        int i = 4 * q;
        int s = off + i * cols;
        if (i + 4 <= rows) {
          for (int j = 0; j < cols; j++) {
            int d = j * rows + i;
            out[d] = b[s + j];
            out[d + 1] = b[s + cols + j];
            out[d + 2] = b[s + 2 * cols + j];
            out[d + 3] = b[s + 3 * cols + j];
          }
        } else {
          for (int r = i; r < rows; r++, s += cols) {
            for (int j = 0; j < cols; j++) {
              out[j * rows + r] = b[s + j];
            }
          }
        }
      }
    });
  }
}
