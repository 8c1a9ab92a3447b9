package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass of the {@code direct} kernel: a vector of output columns, three output rows
 * and four filters per call, one loop over the taps with the twelve accumulators in registers.
 * Each tap loads three image vectors and broadcasts four weights for twelve FMAs; with the
 * accumulators that is sixteen vector registers, all AVX2 has (the former eight filters by two
 * rows needed nineteen, and the spills cost a third of the speed). The remaining one to three
 * filters take blocks of two and one. A last group of one or two rows is computed with phantom
 * rows below it (read from the buffer's slack, never stored). The kernels differ only in their
 * block size: the Vector API gives no way to hold a variable number of vectors without the JIT
 * boxing them.
 */
final class VectorDirectConvForward {
  private static final VectorSpecies<Float> S = VectorWidth.S;
  private static final int L = S.length();
  private static final int ROWS = 3;

  private VectorDirectConvForward() {}

  /** {@code out[n,f] = Σ_c w[f,c] ⋆ x[n,c] (+ bias[f])}; {@code bias} may be null. */
  static void run(float[] x, float[] filters, float[] bias, float[] out, ConvGeometry g) {
    DirectConvLayout p = DirectConvLayout.of(g, L);
    // taps by kernel row, so that rows of the zero border are skipped as one range (the input
    // gradient pads by the whole kernel less one: LeNet's second convolution reads 35 kernel
    // rows per image pair of output rows, 27 of them real)
    float[] w = Scratch.get(Scratch.ROW_TAPS, filters.length);
    p.toRowTaps(filters, w);
    int chw = g.c() * g.h() * g.w();
    int slack = (ROWS - 1) * p.width + L;
    Parallel.range(g.n(), 1, (from, to) -> {
      float[] padded = Scratch.get(Scratch.PADDED, p.image + slack);
      float[] row = Scratch.get(Scratch.ROW_TAIL, 4 * ROWS * L);
      Arrays.fill(padded, 0, p.image + slack, 0f);
      for (int i = from; i < to; i++) {
        p.pad(x, i * chw, padded, 0);
        int o = i * g.f() * g.outPixels();
        for (int oy = 0; oy < g.outH(); oy += ROWS) {
          int rows = Math.min(ROWS, g.outH() - oy);
          for (int ox = 0; ox < g.outW(); ox += L) {
            outputRows(padded, p, w, bias, oy, ox, out, o, row, rows);
          }
        }
      }
    });
  }

  /** Every filter at {@code rows} output rows from {@code oy}, one vector of columns. */
  private static void outputRows(float[] padded, DirectConvLayout p, float[] w, float[] bias,
      int oy, int ox, float[] out, int o, float[] row, int rows) {
    int filters = p.g.f();
    int f = 0;
    boolean full = rows == ROWS && ox + L <= p.g.outW();
    int pixels = p.g.outPixels();
    int at = o + oy * p.g.outW() + ox;
    for (; f + 4 <= filters; f += 4) {
      forward4x3(padded, p, w, bias, f, oy, ox, row, out, at + f * pixels, full);
      if (!full) {
        store(row, 4, p.g, out, o, f, oy, ox, rows);
      }
    }
    if (f + 2 <= filters) {
      forward2x3(padded, p, w, bias, f, oy, ox, row, out, at + f * pixels, full);
      if (!full) {
        store(row, 2, p.g, out, o, f, oy, ox, rows);
      }
      f += 2;
    }
    if (f < filters) {
      forward1x3(padded, p, w, bias, f, oy, ox, row, out, at + f * pixels, full);
      if (!full) {
        store(row, 1, p.g, out, o, f, oy, ox, rows);
      }
    }
  }

  /**
   * 4 filters × 3 output rows, one vector: each image load feeds 4 FMAs, each weight 3. The sums
   * go straight to {@code out} at {@code dst} when the block is {@code full} (three rows and a
   * whole vector inside the map), else to {@code row} (filter-major, then row) for
   * {@link #store}.
   */
  private static void forward4x3(float[] padded, DirectConvLayout p, float[] w, float[] bias,
      int f, int oy, int ox, float[] row, float[] out, int dst, boolean full) {
    int patch = p.g.patch();
    int t1 = p.endRowTap(oy);
    FloatVector a00 = FloatVector.broadcast(S, biasOf(bias, f));
    FloatVector a01 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    FloatVector a02 = FloatVector.broadcast(S, biasOf(bias, f + 2));
    FloatVector a03 = FloatVector.broadcast(S, biasOf(bias, f + 3));
    FloatVector a10 = a00;
    FloatVector a11 = a01;
    FloatVector a12 = a02;
    FloatVector a13 = a03;
    FloatVector a20 = a00;
    FloatVector a21 = a01;
    FloatVector a22 = a02;
    FloatVector a23 = a03;
    int base = oy * p.width + ox;
    int w0 = f * patch;
    int w1 = w0 + patch;
    int w2 = w1 + patch;
    int w3 = w2 + patch;
    int width = p.width;
    int[] taps = p.rowTaps;
    for (int t = p.firstRowTap(oy, ROWS); t < t1; t++) {
      int at = base + taps[t];
      FloatVector v0 = FloatVector.fromArray(S, padded, at);
      FloatVector v1 = FloatVector.fromArray(S, padded, at + width);
      FloatVector v2 = FloatVector.fromArray(S, padded, at + 2 * width);
      FloatVector c0 = FloatVector.broadcast(S, w[w0 + t]);
      a00 = v0.fma(c0, a00);
      a10 = v1.fma(c0, a10);
      a20 = v2.fma(c0, a20);
      FloatVector c1 = FloatVector.broadcast(S, w[w1 + t]);
      a01 = v0.fma(c1, a01);
      a11 = v1.fma(c1, a11);
      a21 = v2.fma(c1, a21);
      FloatVector c2 = FloatVector.broadcast(S, w[w2 + t]);
      a02 = v0.fma(c2, a02);
      a12 = v1.fma(c2, a12);
      a22 = v2.fma(c2, a22);
      FloatVector c3 = FloatVector.broadcast(S, w[w3 + t]);
      a03 = v0.fma(c3, a03);
      a13 = v1.fma(c3, a13);
      a23 = v2.fma(c3, a23);
    }
    if (full) {
      int pixels = p.g.outPixels();
      int outW = p.g.outW();
      a00.intoArray(out, dst);
      a10.intoArray(out, dst + outW);
      a20.intoArray(out, dst + 2 * outW);
      a01.intoArray(out, dst + pixels);
      a11.intoArray(out, dst + pixels + outW);
      a21.intoArray(out, dst + pixels + 2 * outW);
      a02.intoArray(out, dst + 2 * pixels);
      a12.intoArray(out, dst + 2 * pixels + outW);
      a22.intoArray(out, dst + 2 * pixels + 2 * outW);
      a03.intoArray(out, dst + 3 * pixels);
      a13.intoArray(out, dst + 3 * pixels + outW);
      a23.intoArray(out, dst + 3 * pixels + 2 * outW);
      return;
    }
    a00.intoArray(row, 0);
    a10.intoArray(row, L);
    a20.intoArray(row, 2 * L);
    a01.intoArray(row, 3 * L);
    a11.intoArray(row, 4 * L);
    a21.intoArray(row, 5 * L);
    a02.intoArray(row, 6 * L);
    a12.intoArray(row, 7 * L);
    a22.intoArray(row, 8 * L);
    a03.intoArray(row, 9 * L);
    a13.intoArray(row, 10 * L);
    a23.intoArray(row, 11 * L);
  }

  /** 2 filters × 3 output rows, one vector. */
  private static void forward2x3(float[] padded, DirectConvLayout p, float[] w, float[] bias,
      int f, int oy, int ox, float[] row, float[] out, int dst, boolean full) {
    int patch = p.g.patch();
    int t1 = p.endRowTap(oy);
    FloatVector a00 = FloatVector.broadcast(S, biasOf(bias, f));
    FloatVector a01 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    FloatVector a10 = a00;
    FloatVector a11 = a01;
    FloatVector a20 = a00;
    FloatVector a21 = a01;
    int base = oy * p.width + ox;
    int w0 = f * patch;
    int w1 = w0 + patch;
    int width = p.width;
    int[] taps = p.rowTaps;
    for (int t = p.firstRowTap(oy, ROWS); t < t1; t++) {
      int at = base + taps[t];
      FloatVector v0 = FloatVector.fromArray(S, padded, at);
      FloatVector v1 = FloatVector.fromArray(S, padded, at + width);
      FloatVector v2 = FloatVector.fromArray(S, padded, at + 2 * width);
      FloatVector c0 = FloatVector.broadcast(S, w[w0 + t]);
      a00 = v0.fma(c0, a00);
      a10 = v1.fma(c0, a10);
      a20 = v2.fma(c0, a20);
      FloatVector c1 = FloatVector.broadcast(S, w[w1 + t]);
      a01 = v0.fma(c1, a01);
      a11 = v1.fma(c1, a11);
      a21 = v2.fma(c1, a21);
    }
    if (full) {
      int pixels = p.g.outPixels();
      int outW = p.g.outW();
      a00.intoArray(out, dst);
      a10.intoArray(out, dst + outW);
      a20.intoArray(out, dst + 2 * outW);
      a01.intoArray(out, dst + pixels);
      a11.intoArray(out, dst + pixels + outW);
      a21.intoArray(out, dst + pixels + 2 * outW);
      return;
    }
    a00.intoArray(row, 0);
    a10.intoArray(row, L);
    a20.intoArray(row, 2 * L);
    a01.intoArray(row, 3 * L);
    a11.intoArray(row, 4 * L);
    a21.intoArray(row, 5 * L);
  }

  /** 1 filter × 3 output rows, one vector. */
  private static void forward1x3(float[] padded, DirectConvLayout p, float[] w, float[] bias,
      int f, int oy, int ox, float[] row, float[] out, int dst, boolean full) {
    int t1 = p.endRowTap(oy);
    FloatVector a00 = FloatVector.broadcast(S, biasOf(bias, f));
    FloatVector a10 = a00;
    FloatVector a20 = a00;
    int base = oy * p.width + ox;
    int w0 = f * p.g.patch();
    int width = p.width;
    int[] taps = p.rowTaps;
    for (int t = p.firstRowTap(oy, ROWS); t < t1; t++) {
      int at = base + taps[t];
      FloatVector c0 = FloatVector.broadcast(S, w[w0 + t]);
      a00 = FloatVector.fromArray(S, padded, at).fma(c0, a00);
      a10 = FloatVector.fromArray(S, padded, at + width).fma(c0, a10);
      a20 = FloatVector.fromArray(S, padded, at + 2 * width).fma(c0, a20);
    }
    if (full) {
      int pixels = p.g.outPixels();
      int outW = p.g.outW();
      a00.intoArray(out, dst);
      a10.intoArray(out, dst + outW);
      a20.intoArray(out, dst + 2 * outW);
      return;
    }
    a00.intoArray(row, 0);
    a10.intoArray(row, L);
    a20.intoArray(row, 2 * L);
  }

  private static float biasOf(float[] bias, int f) {
    return bias == null ? 0f : bias[f];
  }

  /**
   * The {@code filters × ROWS} vectors of {@code row} (filter-major) to {@code out}: the rows
   * that exist, the lanes inside the row.
   */
  private static void store(float[] row, int filters, ConvGeometry g, float[] out, int o, int f,
      int oy, int ox, int rows) {
    int valid = Math.min(L, g.outW() - ox);
    int pixels = g.outPixels();
    for (int k = 0; k < filters; k++) {
      int dst = o + (f + k) * pixels + oy * g.outW() + ox;
      for (int r = 0; r < rows; r++) {
        System.arraycopy(row, (k * ROWS + r) * L, out, dst + r * g.outW(), valid);
      }
    }
  }
}
