package io.nabla.ops.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD path on the Vector API ({@code --add-modules jdk.incubator.vector}): register-tiled
 * blocks of C held in vector accumulators and updated with fused multiply-adds. Loaded by
 * reflection only when the module is present, so the scalar path never links against it.
 */
final class VectorGemm implements GemmKernel {
  private static final VectorSpecies<Float> S = VectorWidth.S;
  private static final int L = S.length();
  private static final int PANEL = Scratch.GEMM_PANEL;
  private static final int ROW = Scratch.GEMM_ROW;
  private static final int PACKED = Scratch.GEMM_PACKED;
  /** Depth of a slice of B kept hot in L1 while every row block of A passes over it. */
  private static final int KC = 128;

  @Override
  public String describe() {
    return "Vector API, " + S.vectorBitSize() + "-bit (" + L + " floats)";
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

  // ---- B stored [k, n]: broadcast an entry of A, multiply-add a row strip of B ----

  private static void axpy(float[] a, int aOff, boolean ta, float[] b, int bOff, float[] c,
      int cOff, int m, int n, int k, int rowFrom, int rowTo, int colFrom, int colTo,
      boolean accumulate) {
    for (int p0 = 0; p0 < Math.max(k, 1); p0 += KC) {
      int p1 = Math.min(k, p0 + KC);
      boolean add = accumulate || p0 > 0;
      int j = colFrom;
      for (; j + 4 * L <= colTo; j += 4 * L) {
        int i = rowFrom;
        for (; i + 4 <= rowTo; i += 4) {
          strip4x4(a, aOff, ta, b, bOff, c, cOff, m, n, k, i, j, p0, p1, add);
        }
        for (; i < rowTo; i++) {
          for (int v = 0; v < 4; v++) {
            strip1(a, aOff, ta, b, bOff, c, cOff, m, n, k, i, j + v * L, p0, p1, add);
          }
        }
      }
      for (; j + 2 * L <= colTo; j += 2 * L) {
        int i = rowFrom;
        for (; i + 4 <= rowTo; i += 4) {
          strip4x2(a, aOff, ta, b, bOff, c, cOff, m, n, k, i, j, p0, p1, add);
        }
        if (i + 2 <= rowTo) {
          strip2x2(a, aOff, ta, b, bOff, c, cOff, m, n, k, i, j, p0, p1, add);
          i += 2;
        }
        for (; i < rowTo; i++) {
          strip1(a, aOff, ta, b, bOff, c, cOff, m, n, k, i, j, p0, p1, add);
          strip1(a, aOff, ta, b, bOff, c, cOff, m, n, k, i, j + L, p0, p1, add);
        }
      }
      for (; j + L <= colTo; j += L) {
        for (int i = rowFrom; i < rowTo; i++) {
          strip1(a, aOff, ta, b, bOff, c, cOff, m, n, k, i, j, p0, p1, add);
        }
      }
      if (j < colTo) {
        tail(a, aOff, ta, b, bOff, c, cOff, m, n, k, rowFrom, rowTo, j, colTo, p0, p1, add);
      }
    }
  }

  private static float at(float[] a, int aOff, boolean ta, int m, int k, int i, int p) {
    return ta ? a[aOff + p * m + i] : a[aOff + i * k + p];
  }

  /**
   * Four rows × four vectors of C: sixteen accumulators, fed by four loads of B and four
   * broadcasts of A per step (half a load per FMA; four rows by two vectors needed three
   * quarters).
   */
  private static void strip4x4(float[] a, int aOff, boolean ta, float[] b, int bOff, float[] c,
      int cOff, int m, int n, int k, int i, int j, int p0, int p1, boolean add) {
    int c0 = cOff + i * n + j;
    int c1 = c0 + n;
    int c2 = c1 + n;
    int c3 = c2 + n;
    FloatVector r00 = add ? FloatVector.fromArray(S, c, c0) : FloatVector.zero(S);
    FloatVector r01 = add ? FloatVector.fromArray(S, c, c0 + L) : FloatVector.zero(S);
    FloatVector r02 = add ? FloatVector.fromArray(S, c, c0 + 2 * L) : FloatVector.zero(S);
    FloatVector r03 = add ? FloatVector.fromArray(S, c, c0 + 3 * L) : FloatVector.zero(S);
    FloatVector r10 = add ? FloatVector.fromArray(S, c, c1) : FloatVector.zero(S);
    FloatVector r11 = add ? FloatVector.fromArray(S, c, c1 + L) : FloatVector.zero(S);
    FloatVector r12 = add ? FloatVector.fromArray(S, c, c1 + 2 * L) : FloatVector.zero(S);
    FloatVector r13 = add ? FloatVector.fromArray(S, c, c1 + 3 * L) : FloatVector.zero(S);
    FloatVector r20 = add ? FloatVector.fromArray(S, c, c2) : FloatVector.zero(S);
    FloatVector r21 = add ? FloatVector.fromArray(S, c, c2 + L) : FloatVector.zero(S);
    FloatVector r22 = add ? FloatVector.fromArray(S, c, c2 + 2 * L) : FloatVector.zero(S);
    FloatVector r23 = add ? FloatVector.fromArray(S, c, c2 + 3 * L) : FloatVector.zero(S);
    FloatVector r30 = add ? FloatVector.fromArray(S, c, c3) : FloatVector.zero(S);
    FloatVector r31 = add ? FloatVector.fromArray(S, c, c3 + L) : FloatVector.zero(S);
    FloatVector r32 = add ? FloatVector.fromArray(S, c, c3 + 2 * L) : FloatVector.zero(S);
    FloatVector r33 = add ? FloatVector.fromArray(S, c, c3 + 3 * L) : FloatVector.zero(S);
    for (int p = p0; p < p1; p++) {
      int bp = bOff + p * n + j;
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
      FloatVector a0 = FloatVector.broadcast(S, at(a, aOff, ta, m, k, i, p));
      r00 = b0.fma(a0, r00);
      r01 = b1.fma(a0, r01);
      r02 = b2.fma(a0, r02);
      r03 = b3.fma(a0, r03);
      FloatVector a1 = FloatVector.broadcast(S, at(a, aOff, ta, m, k, i + 1, p));
      r10 = b0.fma(a1, r10);
      r11 = b1.fma(a1, r11);
      r12 = b2.fma(a1, r12);
      r13 = b3.fma(a1, r13);
      FloatVector a2 = FloatVector.broadcast(S, at(a, aOff, ta, m, k, i + 2, p));
      r20 = b0.fma(a2, r20);
      r21 = b1.fma(a2, r21);
      r22 = b2.fma(a2, r22);
      r23 = b3.fma(a2, r23);
      FloatVector a3 = FloatVector.broadcast(S, at(a, aOff, ta, m, k, i + 3, p));
      r30 = b0.fma(a3, r30);
      r31 = b1.fma(a3, r31);
      r32 = b2.fma(a3, r32);
      r33 = b3.fma(a3, r33);
    }
    r00.intoArray(c, c0);
    r01.intoArray(c, c0 + L);
    r02.intoArray(c, c0 + 2 * L);
    r03.intoArray(c, c0 + 3 * L);
    r10.intoArray(c, c1);
    r11.intoArray(c, c1 + L);
    r12.intoArray(c, c1 + 2 * L);
    r13.intoArray(c, c1 + 3 * L);
    r20.intoArray(c, c2);
    r21.intoArray(c, c2 + L);
    r22.intoArray(c, c2 + 2 * L);
    r23.intoArray(c, c2 + 3 * L);
    r30.intoArray(c, c3);
    r31.intoArray(c, c3 + L);
    r32.intoArray(c, c3 + 2 * L);
    r33.intoArray(c, c3 + 3 * L);
  }

  /** Four rows × two vectors of C: eight accumulators. */
  private static void strip4x2(float[] a, int aOff, boolean ta, float[] b, int bOff, float[] c,
      int cOff, int m, int n, int k, int i, int j, int p0, int p1, boolean add) {
    int c0 = cOff + i * n + j;
    int c1 = c0 + n;
    int c2 = c1 + n;
    int c3 = c2 + n;
    FloatVector r00 = add ? FloatVector.fromArray(S, c, c0) : FloatVector.zero(S);
    FloatVector r01 = add ? FloatVector.fromArray(S, c, c0 + L) : FloatVector.zero(S);
    FloatVector r10 = add ? FloatVector.fromArray(S, c, c1) : FloatVector.zero(S);
    FloatVector r11 = add ? FloatVector.fromArray(S, c, c1 + L) : FloatVector.zero(S);
    FloatVector r20 = add ? FloatVector.fromArray(S, c, c2) : FloatVector.zero(S);
    FloatVector r21 = add ? FloatVector.fromArray(S, c, c2 + L) : FloatVector.zero(S);
    FloatVector r30 = add ? FloatVector.fromArray(S, c, c3) : FloatVector.zero(S);
    FloatVector r31 = add ? FloatVector.fromArray(S, c, c3 + L) : FloatVector.zero(S);
    for (int p = p0; p < p1; p++) {
      int bp = bOff + p * n + j;
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector a0 = FloatVector.broadcast(S, at(a, aOff, ta, m, k, i, p));
      FloatVector a1 = FloatVector.broadcast(S, at(a, aOff, ta, m, k, i + 1, p));
      FloatVector a2 = FloatVector.broadcast(S, at(a, aOff, ta, m, k, i + 2, p));
      FloatVector a3 = FloatVector.broadcast(S, at(a, aOff, ta, m, k, i + 3, p));
      r00 = b0.fma(a0, r00);
      r01 = b1.fma(a0, r01);
      r10 = b0.fma(a1, r10);
      r11 = b1.fma(a1, r11);
      r20 = b0.fma(a2, r20);
      r21 = b1.fma(a2, r21);
      r30 = b0.fma(a3, r30);
      r31 = b1.fma(a3, r31);
    }
    r00.intoArray(c, c0);
    r01.intoArray(c, c0 + L);
    r10.intoArray(c, c1);
    r11.intoArray(c, c1 + L);
    r20.intoArray(c, c2);
    r21.intoArray(c, c2 + L);
    r30.intoArray(c, c3);
    r31.intoArray(c, c3 + L);
  }

  /** Two rows × two vectors of C: four independent accumulators for leftover rows. */
  private static void strip2x2(float[] a, int aOff, boolean ta, float[] b, int bOff, float[] c,
      int cOff, int m, int n, int k, int i, int j, int p0, int p1, boolean add) {
    int c0 = cOff + i * n + j;
    int c1 = c0 + n;
    FloatVector r00 = add ? FloatVector.fromArray(S, c, c0) : FloatVector.zero(S);
    FloatVector r01 = add ? FloatVector.fromArray(S, c, c0 + L) : FloatVector.zero(S);
    FloatVector r10 = add ? FloatVector.fromArray(S, c, c1) : FloatVector.zero(S);
    FloatVector r11 = add ? FloatVector.fromArray(S, c, c1 + L) : FloatVector.zero(S);
    for (int p = p0; p < p1; p++) {
      int bp = bOff + p * n + j;
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector a0 = FloatVector.broadcast(S, at(a, aOff, ta, m, k, i, p));
      FloatVector a1 = FloatVector.broadcast(S, at(a, aOff, ta, m, k, i + 1, p));
      r00 = b0.fma(a0, r00);
      r01 = b1.fma(a0, r01);
      r10 = b0.fma(a1, r10);
      r11 = b1.fma(a1, r11);
    }
    r00.intoArray(c, c0);
    r01.intoArray(c, c0 + L);
    r10.intoArray(c, c1);
    r11.intoArray(c, c1 + L);
  }

  /** One row × one vector of C. */
  private static void strip1(float[] a, int aOff, boolean ta, float[] b, int bOff, float[] c,
      int cOff, int m, int n, int k, int i, int j, int p0, int p1, boolean add) {
    int ci = cOff + i * n + j;
    FloatVector r = add ? FloatVector.fromArray(S, c, ci) : FloatVector.zero(S);
    for (int p = p0; p < p1; p++) {
      r = FloatVector.fromArray(S, b, bOff + p * n + j)
          .fma(FloatVector.broadcast(S, at(a, aOff, ta, m, k, i, p)), r);
    }
    r.intoArray(c, ci);
  }

  /**
   * The last columns, narrower than a vector: copied into a zero-padded panel one vector wide, so
   * the same full-width multiply-adds apply, then the valid part copied back.
   */
  private static void tail(float[] a, int aOff, boolean ta, float[] b, int bOff, float[] c,
      int cOff, int m, int n, int k, int rowFrom, int rowTo, int j0, int j1, int p0, int p1,
      boolean add) {
    int w = j1 - j0;
    float[] panel = Scratch.get(PANEL, (p1 - p0) * L);
    for (int p = p0; p < p1; p++) {
      System.arraycopy(b, bOff + p * n + j0, panel, (p - p0) * L, w);
    }
    float[] row = Scratch.get(ROW, L);
    for (int i = rowFrom; i < rowTo; i++) {
      int ci = cOff + i * n + j0;
      if (add) {
        System.arraycopy(c, ci, row, 0, w);
      }
      FloatVector r = add ? FloatVector.fromArray(S, row, 0) : FloatVector.zero(S);
      for (int p = p0; p < p1; p++) {
        r = FloatVector.fromArray(S, panel, (p - p0) * L)
            .fma(FloatVector.broadcast(S, at(a, aOff, ta, m, k, i, p)), r);
      }
      r.intoArray(row, 0);
      System.arraycopy(row, 0, c, ci, w);
    }
  }

  // ---- B stored [n, k]: dot products of contiguous rows ----

  private static void dot(float[] a, int aOff, boolean ta, float[] b, int bOff, float[] c,
      int cOff, int m, int n, int k, int rowFrom, int rowTo, int colFrom, int colTo,
      boolean accumulate) {
    float[] packed = null;
    if (ta) {
      // gather A's rows once so every dot product reads contiguous memory
      packed = Scratch.get(PACKED, (rowTo - rowFrom) * k);
      for (int i = rowFrom; i < rowTo; i++) {
        for (int p = 0; p < k; p++) {
          packed[(i - rowFrom) * k + p] = a[aOff + p * m + i];
        }
      }
    }
    for (int i = rowFrom; i < rowTo; i++) {
      float[] ar = ta ? packed : a;
      int ai = ta ? (i - rowFrom) * k : aOff + i * k;
      int ci = cOff + i * n;
      int j = colFrom;
      for (; j + 4 <= colTo; j += 4) {
        dot4(ar, ai, b, bOff + j * k, k, c, ci + j, accumulate);
      }
      for (; j < colTo; j++) {
        dot1(ar, ai, b, bOff + j * k, k, c, ci + j, accumulate);
      }
    }
  }

  /** Four dot products of one row of A with four consecutive rows of B; kept small for C2. */
  private static void dot4(float[] ar, int ai, float[] b, int b0, int k, float[] c, int ci,
      boolean accumulate) {
    int b1 = b0 + k;
    int b2 = b1 + k;
    int b3 = b2 + k;
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = FloatVector.zero(S);
    FloatVector s2 = FloatVector.zero(S);
    FloatVector s3 = FloatVector.zero(S);
    int kv = S.loopBound(k);
    int p = 0;
    for (; p < kv; p += L) {
      FloatVector av = FloatVector.fromArray(S, ar, ai + p);
      s0 = av.fma(FloatVector.fromArray(S, b, b0 + p), s0);
      s1 = av.fma(FloatVector.fromArray(S, b, b1 + p), s1);
      s2 = av.fma(FloatVector.fromArray(S, b, b2 + p), s2);
      s3 = av.fma(FloatVector.fromArray(S, b, b3 + p), s3);
    }
    float t0 = s0.reduceLanes(VectorOperators.ADD);
    float t1 = s1.reduceLanes(VectorOperators.ADD);
    float t2 = s2.reduceLanes(VectorOperators.ADD);
    float t3 = s3.reduceLanes(VectorOperators.ADD);
    for (; p < k; p++) {
      float av = ar[ai + p];
      t0 += av * b[b0 + p];
      t1 += av * b[b1 + p];
      t2 += av * b[b2 + p];
      t3 += av * b[b3 + p];
    }
    if (accumulate) {
      t0 += c[ci];
      t1 += c[ci + 1];
      t2 += c[ci + 2];
      t3 += c[ci + 3];
    }
    c[ci] = t0;
    c[ci + 1] = t1;
    c[ci + 2] = t2;
    c[ci + 3] = t3;
  }

  /** One dot product. */
  private static void dot1(float[] ar, int ai, float[] b, int bj, int k, float[] c, int ci,
      boolean accumulate) {
    FloatVector s = FloatVector.zero(S);
    int kv = S.loopBound(k);
    int p = 0;
    for (; p < kv; p += L) {
      s = FloatVector.fromArray(S, ar, ai + p).fma(FloatVector.fromArray(S, b, bj + p), s);
    }
    float t = s.reduceLanes(VectorOperators.ADD);
    for (; p < k; p++) {
      t += ar[ai + p] * b[bj + p];
    }
    c[ci] = accumulate ? c[ci] + t : t;
  }
}
