package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass of {@link VectorDirectConv}: output rows computed two at a time by up to
 * eight filters, each kernel one loop over the taps with its accumulators in registers. The
 * kernels differ only in their block size: the Vector API gives no way to hold a variable number
 * of vectors without the JIT boxing them.
 */
final class VectorDirectConvForward {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

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
    Parallel.range(g.n(), 1, (from, to) -> {
      float[] padded = Scratch.get(Scratch.PADDED, p.image + p.width + L);
      float[] row = Scratch.get(Scratch.ROW_TAIL, 16 * L);
      Arrays.fill(padded, 0, p.image + p.width + L, 0f);
      for (int i = from; i < to; i++) {
        p.pad(x, i * chw, padded, 0);
        int o = i * g.f() * g.outPixels();
        for (int oy = 0; oy < g.outH(); oy += 2) {
          boolean pair = oy + 1 < g.outH();
          for (int ox = 0; ox < g.outW(); ox += L) {
            outputRows(padded, p, w, bias, oy, ox, out, o, row, pair);
          }
        }
      }
    });
  }

  /**
   * Every filter at output rows {@code oy} and, when {@code pair}, {@code oy + 1}, one vector of
   * columns. A last odd row is computed with a phantom row below it (read from the buffer's
   * slack, never stored), so one kernel per block size serves both.
   */
  private static void outputRows(float[] padded, DirectConvLayout p, float[] w, float[] bias,
      int oy, int ox, float[] out, int o, float[] row, boolean pair) {
    int filters = p.g.f();
    int f = 0;
    for (; f + 8 <= filters; f += 8) {
      forward8x2(padded, p, w, bias, f, oy, ox, out, o, row, pair);
    }
    if (f + 4 <= filters) {
      forward4x2(padded, p, w, bias, f, oy, ox, out, o, row, pair);
      f += 4;
    }
    if (f + 2 <= filters) {
      forward2x2(padded, p, w, bias, f, oy, ox, out, o, row, pair);
      f += 2;
    }
    if (f < filters) {
      forward1x2(padded, p, w, bias, f, oy, ox, out, o, row, pair);
    }
  }

  /** 8 filters × 2 output rows, one vector: each image load feeds 8 FMAs, each weight 2. */
  private static void forward8x2(float[] padded, DirectConvLayout p, float[] w, float[] bias,
      int f, int oy, int ox, float[] out, int o, float[] row, boolean pair) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    int t1 = p.endRowTap(oy);
    FloatVector a00 = FloatVector.broadcast(S, biasOf(bias, f));
    FloatVector a01 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    FloatVector a02 = FloatVector.broadcast(S, biasOf(bias, f + 2));
    FloatVector a03 = FloatVector.broadcast(S, biasOf(bias, f + 3));
    FloatVector a04 = FloatVector.broadcast(S, biasOf(bias, f + 4));
    FloatVector a05 = FloatVector.broadcast(S, biasOf(bias, f + 5));
    FloatVector a06 = FloatVector.broadcast(S, biasOf(bias, f + 6));
    FloatVector a07 = FloatVector.broadcast(S, biasOf(bias, f + 7));
    FloatVector a10 = FloatVector.broadcast(S, biasOf(bias, f));
    FloatVector a11 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    FloatVector a12 = FloatVector.broadcast(S, biasOf(bias, f + 2));
    FloatVector a13 = FloatVector.broadcast(S, biasOf(bias, f + 3));
    FloatVector a14 = FloatVector.broadcast(S, biasOf(bias, f + 4));
    FloatVector a15 = FloatVector.broadcast(S, biasOf(bias, f + 5));
    FloatVector a16 = FloatVector.broadcast(S, biasOf(bias, f + 6));
    FloatVector a17 = FloatVector.broadcast(S, biasOf(bias, f + 7));
    int base = oy * p.width + ox;
    int next = base + p.width;
    int w0 = f * patch;
    int[] taps = p.rowTaps;
    for (int t = p.firstRowTap(oy); t < t1; t++) {
      FloatVector v0 = FloatVector.fromArray(S, padded, base + taps[t]);
      FloatVector v1 = FloatVector.fromArray(S, padded, next + taps[t]);
      FloatVector c0 = FloatVector.broadcast(S, w[w0 + t]);
      a00 = v0.fma(c0, a00);
      a10 = v1.fma(c0, a10);
      FloatVector c1 = FloatVector.broadcast(S, w[w0 + patch + t]);
      a01 = v0.fma(c1, a01);
      a11 = v1.fma(c1, a11);
      FloatVector c2 = FloatVector.broadcast(S, w[w0 + 2 * patch + t]);
      a02 = v0.fma(c2, a02);
      a12 = v1.fma(c2, a12);
      FloatVector c3 = FloatVector.broadcast(S, w[w0 + 3 * patch + t]);
      a03 = v0.fma(c3, a03);
      a13 = v1.fma(c3, a13);
      FloatVector c4 = FloatVector.broadcast(S, w[w0 + 4 * patch + t]);
      a04 = v0.fma(c4, a04);
      a14 = v1.fma(c4, a14);
      FloatVector c5 = FloatVector.broadcast(S, w[w0 + 5 * patch + t]);
      a05 = v0.fma(c5, a05);
      a15 = v1.fma(c5, a15);
      FloatVector c6 = FloatVector.broadcast(S, w[w0 + 6 * patch + t]);
      a06 = v0.fma(c6, a06);
      a16 = v1.fma(c6, a16);
      FloatVector c7 = FloatVector.broadcast(S, w[w0 + 7 * patch + t]);
      a07 = v0.fma(c7, a07);
      a17 = v1.fma(c7, a17);
    }
    int dst = o + f * g.outPixels() + oy * g.outW() + ox;
    int pixels = g.outPixels();
    if (ox + L <= g.outW()) {
      a00.intoArray(out, dst);
      a01.intoArray(out, dst + pixels);
      a02.intoArray(out, dst + 2 * pixels);
      a03.intoArray(out, dst + 3 * pixels);
      a04.intoArray(out, dst + 4 * pixels);
      a05.intoArray(out, dst + 5 * pixels);
      a06.intoArray(out, dst + 6 * pixels);
      a07.intoArray(out, dst + 7 * pixels);
      if (pair) {
        a10.intoArray(out, dst + g.outW());
        a11.intoArray(out, dst + pixels + g.outW());
        a12.intoArray(out, dst + 2 * pixels + g.outW());
        a13.intoArray(out, dst + 3 * pixels + g.outW());
        a14.intoArray(out, dst + 4 * pixels + g.outW());
        a15.intoArray(out, dst + 5 * pixels + g.outW());
        a16.intoArray(out, dst + 6 * pixels + g.outW());
        a17.intoArray(out, dst + 7 * pixels + g.outW());
      }
    } else {
      a00.intoArray(row, 0);
      a01.intoArray(row, L);
      a02.intoArray(row, 2 * L);
      a03.intoArray(row, 3 * L);
      a04.intoArray(row, 4 * L);
      a05.intoArray(row, 5 * L);
      a06.intoArray(row, 6 * L);
      a07.intoArray(row, 7 * L);
      a10.intoArray(row, 8 * L);
      a11.intoArray(row, 9 * L);
      a12.intoArray(row, 10 * L);
      a13.intoArray(row, 11 * L);
      a14.intoArray(row, 12 * L);
      a15.intoArray(row, 13 * L);
      a16.intoArray(row, 14 * L);
      a17.intoArray(row, 15 * L);
      copyRows(row, 0, 8, out, dst, pixels, g.outW() - ox);
      if (pair) {
        copyRows(row, 8, 8, out, dst + g.outW(), pixels, g.outW() - ox);
      }
    }
  }

  /** 4 filters × 2 output rows, one vector: each image load feeds 4 FMAs, each weight 2. */
  private static void forward4x2(float[] padded, DirectConvLayout p, float[] w, float[] bias,
      int f, int oy, int ox, float[] out, int o, float[] row, boolean pair) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    int t1 = p.endRowTap(oy);
    FloatVector a00 = FloatVector.broadcast(S, biasOf(bias, f));
    FloatVector a01 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    FloatVector a02 = FloatVector.broadcast(S, biasOf(bias, f + 2));
    FloatVector a03 = FloatVector.broadcast(S, biasOf(bias, f + 3));
    FloatVector a10 = FloatVector.broadcast(S, biasOf(bias, f));
    FloatVector a11 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    FloatVector a12 = FloatVector.broadcast(S, biasOf(bias, f + 2));
    FloatVector a13 = FloatVector.broadcast(S, biasOf(bias, f + 3));
    int base = oy * p.width + ox;
    int next = base + p.width;
    int w0 = f * patch;
    int[] taps = p.rowTaps;
    for (int t = p.firstRowTap(oy); t < t1; t++) {
      FloatVector v0 = FloatVector.fromArray(S, padded, base + taps[t]);
      FloatVector v1 = FloatVector.fromArray(S, padded, next + taps[t]);
      FloatVector c0 = FloatVector.broadcast(S, w[w0 + t]);
      a00 = v0.fma(c0, a00);
      a10 = v1.fma(c0, a10);
      FloatVector c1 = FloatVector.broadcast(S, w[w0 + patch + t]);
      a01 = v0.fma(c1, a01);
      a11 = v1.fma(c1, a11);
      FloatVector c2 = FloatVector.broadcast(S, w[w0 + 2 * patch + t]);
      a02 = v0.fma(c2, a02);
      a12 = v1.fma(c2, a12);
      FloatVector c3 = FloatVector.broadcast(S, w[w0 + 3 * patch + t]);
      a03 = v0.fma(c3, a03);
      a13 = v1.fma(c3, a13);
    }
    int dst = o + f * g.outPixels() + oy * g.outW() + ox;
    int pixels = g.outPixels();
    if (ox + L <= g.outW()) {
      a00.intoArray(out, dst);
      a01.intoArray(out, dst + pixels);
      a02.intoArray(out, dst + 2 * pixels);
      a03.intoArray(out, dst + 3 * pixels);
      if (pair) {
        a10.intoArray(out, dst + g.outW());
        a11.intoArray(out, dst + pixels + g.outW());
        a12.intoArray(out, dst + 2 * pixels + g.outW());
        a13.intoArray(out, dst + 3 * pixels + g.outW());
      }
    } else {
      a00.intoArray(row, 0);
      a01.intoArray(row, L);
      a02.intoArray(row, 2 * L);
      a03.intoArray(row, 3 * L);
      a10.intoArray(row, 4 * L);
      a11.intoArray(row, 5 * L);
      a12.intoArray(row, 6 * L);
      a13.intoArray(row, 7 * L);
      copyRows(row, 0, 4, out, dst, pixels, g.outW() - ox);
      if (pair) {
        copyRows(row, 4, 4, out, dst + g.outW(), pixels, g.outW() - ox);
      }
    }
  }

  /** 2 filters × 2 output rows, one vector: each image load feeds 2 FMAs, each weight 2. */
  private static void forward2x2(float[] padded, DirectConvLayout p, float[] w, float[] bias,
      int f, int oy, int ox, float[] out, int o, float[] row, boolean pair) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    int t1 = p.endRowTap(oy);
    FloatVector a00 = FloatVector.broadcast(S, biasOf(bias, f));
    FloatVector a01 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    FloatVector a10 = FloatVector.broadcast(S, biasOf(bias, f));
    FloatVector a11 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    int base = oy * p.width + ox;
    int next = base + p.width;
    int w0 = f * patch;
    int[] taps = p.rowTaps;
    for (int t = p.firstRowTap(oy); t < t1; t++) {
      FloatVector v0 = FloatVector.fromArray(S, padded, base + taps[t]);
      FloatVector v1 = FloatVector.fromArray(S, padded, next + taps[t]);
      FloatVector c0 = FloatVector.broadcast(S, w[w0 + t]);
      a00 = v0.fma(c0, a00);
      a10 = v1.fma(c0, a10);
      FloatVector c1 = FloatVector.broadcast(S, w[w0 + patch + t]);
      a01 = v0.fma(c1, a01);
      a11 = v1.fma(c1, a11);
    }
    int dst = o + f * g.outPixels() + oy * g.outW() + ox;
    int pixels = g.outPixels();
    if (ox + L <= g.outW()) {
      a00.intoArray(out, dst);
      a01.intoArray(out, dst + pixels);
      if (pair) {
        a10.intoArray(out, dst + g.outW());
        a11.intoArray(out, dst + pixels + g.outW());
      }
    } else {
      a00.intoArray(row, 0);
      a01.intoArray(row, L);
      a10.intoArray(row, 2 * L);
      a11.intoArray(row, 3 * L);
      copyRows(row, 0, 2, out, dst, pixels, g.outW() - ox);
      if (pair) {
        copyRows(row, 2, 2, out, dst + g.outW(), pixels, g.outW() - ox);
      }
    }
  }

  /** 1 filter × 2 output rows, one vector: each image load feeds 1 FMA, each weight 2. */
  private static void forward1x2(float[] padded, DirectConvLayout p, float[] w, float[] bias,
      int f, int oy, int ox, float[] out, int o, float[] row, boolean pair) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    int t1 = p.endRowTap(oy);
    FloatVector a00 = FloatVector.broadcast(S, biasOf(bias, f));
    FloatVector a10 = FloatVector.broadcast(S, biasOf(bias, f));
    int base = oy * p.width + ox;
    int next = base + p.width;
    int w0 = f * patch;
    int[] taps = p.rowTaps;
    for (int t = p.firstRowTap(oy); t < t1; t++) {
      FloatVector v0 = FloatVector.fromArray(S, padded, base + taps[t]);
      FloatVector v1 = FloatVector.fromArray(S, padded, next + taps[t]);
      FloatVector c0 = FloatVector.broadcast(S, w[w0 + t]);
      a00 = v0.fma(c0, a00);
      a10 = v1.fma(c0, a10);
    }
    int dst = o + f * g.outPixels() + oy * g.outW() + ox;
    int pixels = g.outPixels();
    if (ox + L <= g.outW()) {
      a00.intoArray(out, dst);
      if (pair) {
        a10.intoArray(out, dst + g.outW());
      }
    } else {
      a00.intoArray(row, 0);
      a10.intoArray(row, L);
      copyRows(row, 0, 1, out, dst, pixels, g.outW() - ox);
      if (pair) {
        copyRows(row, 1, 1, out, dst + g.outW(), pixels, g.outW() - ox);
      }
    }
  }

  private static float biasOf(float[] bias, int f) {
    return bias == null ? 0f : bias[f];
  }

  /**
   * The first {@code valid} lanes of vectors {@code first…first+count−1} of {@code row}, one
   * per filter, to {@code out} {@code stride} apart.
   */
  private static void copyRows(float[] row, int first, int count, float[] out, int dst,
      int stride, int valid) {
    for (int r = 0; r < count; r++) {
      System.arraycopy(row, (first + r) * L, out, dst + r * stride, valid);
    }
  }
}
