package io.nabla.ops.kernel;

/**
 * The portable path: plain loops over contiguous memory that the JIT may vectorise. Used when
 * the Vector API is not enabled.
 */
final class ScalarGemm implements GemmKernel {

  @Override
  public String describe() {
    return "scalar Java loops";
  }

  @Override
  public void block(float[] a, int aOff, boolean ta, float[] b, int bOff, boolean tb, float[] c,
      int cOff, int m, int n, int k, int rowFrom, int rowTo, int colFrom, int colTo,
      boolean accumulate) {
    if (tb) {
      dot(a, aOff, ta, b, bOff, c, cOff, m, n, k, rowFrom, rowTo, colFrom, colTo, accumulate);
    } else {
      axpy(a, aOff, ta, b, bOff, c, cOff, m, n, k, rowFrom, rowTo, colFrom, colTo, accumulate);
    }
  }

  /** B not transposed: each row of C accumulates rows of B scaled by A's entries. */
  private static void axpy(float[] a, int aOff, boolean ta, float[] b, int bOff, float[] c,
      int cOff, int m, int n, int k, int rowFrom, int rowTo, int colFrom, int colTo,
      boolean accumulate) {
    for (int i = rowFrom; i < rowTo; i++) {
      int ci = cOff + i * n;
      if (!accumulate) {
        java.util.Arrays.fill(c, ci + colFrom, ci + colTo, 0f);
      }
      for (int p = 0; p < k; p++) {
        // no shortcut for a zero entry: 0 · Inf must stay NaN, so a non-finite value is seen
        float aip = ta ? a[aOff + p * m + i] : a[aOff + i * k + p];
        int bp = bOff + p * n;
        for (int j = colFrom; j < colTo; j++) {
          c[ci + j] += aip * b[bp + j];
        }
      }
    }
  }

  /** B transposed: each element of C is a dot product of two contiguous rows. */
  private static void dot(float[] a, int aOff, boolean ta, float[] b, int bOff, float[] c,
      int cOff, int m, int n, int k, int rowFrom, int rowTo, int colFrom, int colTo,
      boolean accumulate) {
    float[] row = ta ? new float[k] : null;
    for (int i = rowFrom; i < rowTo; i++) {
      float[] ar = a;
      int ai = aOff + i * k;
      if (ta) {
        for (int p = 0; p < k; p++) {
          row[p] = a[aOff + p * m + i];
        }
        ar = row;
        ai = 0;
      }
      for (int j = colFrom; j < colTo; j++) {
        int bj = bOff + j * k;
        float s = 0f;
        for (int p = 0; p < k; p++) {
          s += ar[ai + p] * b[bj + p];
        }
        int ci = cOff + i * n + j;
        c[ci] = accumulate ? c[ci] + s : s;
      }
    }
  }
}
