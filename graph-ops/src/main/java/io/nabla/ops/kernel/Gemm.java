package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;
import java.util.Arrays;

/**
 * Single-precision matrix product {@code C = op(A) · op(B)} on row-major arrays, where
 * {@code op(X)} is X or its transpose. Parallel over the rows of C; inner loops run over
 * contiguous memory so the JIT can vectorise them.
 */
public final class Gemm {
  /** Multiply-adds per parallel chunk below which a product stays on one thread. */
  private static final int GRAIN_FLOPS = 1 << 16;

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
    int grain = Math.max(1, GRAIN_FLOPS / Math.max(1, n * k));
    Parallel.range(m, grain, (from, to) -> {
      if (tb) {
        rowsDot(a, aOff, ta, b, bOff, c, cOff, m, n, k, from, to, accumulate);
      } else {
        rowsAxpy(a, aOff, ta, b, bOff, c, cOff, m, n, k, from, to, accumulate);
      }
    });
  }

  /** B not transposed: each row of C accumulates rows of B scaled by A's entries. */
  private static void rowsAxpy(float[] a, int aOff, boolean ta, float[] b, int bOff, float[] c,
      int cOff, int m, int n, int k, int from, int to, boolean accumulate) {
    for (int i = from; i < to; i++) {
      int ci = cOff + i * n;
      if (!accumulate) {
        Arrays.fill(c, ci, ci + n, 0f);
      }
      for (int p = 0; p < k; p++) {
        // no shortcut for a zero entry: 0 · Inf must stay NaN, so a non-finite value is seen
        float aip = ta ? a[aOff + p * m + i] : a[aOff + i * k + p];
        int bp = bOff + p * n;
        for (int j = 0; j < n; j++) {
          c[ci + j] += aip * b[bp + j];
        }
      }
    }
  }

  /** B transposed: each element of C is a dot product of two contiguous rows. */
  private static void rowsDot(float[] a, int aOff, boolean ta, float[] b, int bOff, float[] c,
      int cOff, int m, int n, int k, int from, int to, boolean accumulate) {
    float[] row = ta ? new float[k] : null;
    for (int i = from; i < to; i++) {
      float[] ar;
      int ai;
      if (ta) {
        for (int p = 0; p < k; p++) {
          row[p] = a[aOff + p * m + i];
        }
        ar = row;
        ai = 0;
      } else {
        ar = a;
        ai = aOff + i * k;
      }
      for (int j = 0; j < n; j++) {
        int bj = bOff + j * k;
        float s = 0f;
        for (int p = 0; p < k; p++) {
          s += ar[ai + p] * b[bj + p];
        }
        c[cOff + i * n + j] = accumulate ? c[cOff + i * n + j] + s : s;
      }
    }
  }
}
