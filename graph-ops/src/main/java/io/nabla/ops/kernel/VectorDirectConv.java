package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The direct convolution on the Vector API. Each image is copied into a zero-bordered buffer
 * whose rows are a whole number of vectors plus the kernel's width, so every tap of the filter is
 * an unmasked vector load at a shifted offset; an output row is computed a vector of columns and
 * four filters at a time, the accumulators staying in registers across all taps. Each method
 * holding vectors has a single loop and never passes a vector on: with nested loops or vector
 * arguments C2 boxes the vectors (measured: 600 MB allocated per LeNet step).
 */
final class VectorDirectConv implements DirectConvKernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Images whose filter-gradient sums are formed together before being added up in order. */
  private static final int GROUP = 8;

  @Override
  public void forward(float[] x, float[] w, float[] bias, float[] out, ConvGeometry g) {
    Layout p = new Layout(g);
    int chw = g.c() * g.h() * g.w();
    Parallel.range(g.n(), 1, (from, to) -> {
      float[] padded = Scratch.get(Scratch.PADDED, p.image + L);
      float[] row = Scratch.get(Scratch.ROW_TAIL, 16 * L);
      Arrays.fill(padded, 0, p.image + L, 0f);
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









  /** Every filter at one or two output rows and one vector of columns. */
  private static void outputRows(float[] padded, Layout p, float[] w, float[] bias, int oy,
      int ox, float[] out, int o, float[] row, boolean pair) {
    int filters = p.g.f();
    int f = 0;
    for (; f + 8 <= filters; f += 8) {
      if (pair) {
        forward8x2(padded, p, w, bias, f, oy, ox, out, o, row);
      } else {
        forward8x1(padded, p, w, bias, f, oy, ox, out, o, row);
      }
    }
    if (f + 4 <= filters) {
      if (pair) {
        forward4x2(padded, p, w, bias, f, oy, ox, out, o, row);
      } else {
        forward4x1(padded, p, w, bias, f, oy, ox, out, o, row);
      }
      f += 4;
    }
    if (f + 2 <= filters) {
      if (pair) {
        forward2x2(padded, p, w, bias, f, oy, ox, out, o, row);
      } else {
        forward2x1(padded, p, w, bias, f, oy, ox, out, o, row);
      }
      f += 2;
    }
    if (f < filters) {
      if (pair) {
        forward1x2(padded, p, w, bias, f, oy, ox, out, o, row);
      } else {
        forward1x1(padded, p, w, bias, f, oy, ox, out, o, row);
      }
    }
  }

  /** 8 filters × 2 output rows, one vector: an image load feeds 8 FMAs, a weight 2. */
  private static void forward8x2(float[] padded, Layout p, float[] w, float[] bias, int f,
      int oy, int ox, float[] out, int o, float[] row) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    FloatVector a00 = FloatVector.broadcast(S, biasOf(bias, f + 0));
    FloatVector a01 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    FloatVector a02 = FloatVector.broadcast(S, biasOf(bias, f + 2));
    FloatVector a03 = FloatVector.broadcast(S, biasOf(bias, f + 3));
    FloatVector a04 = FloatVector.broadcast(S, biasOf(bias, f + 4));
    FloatVector a05 = FloatVector.broadcast(S, biasOf(bias, f + 5));
    FloatVector a06 = FloatVector.broadcast(S, biasOf(bias, f + 6));
    FloatVector a07 = FloatVector.broadcast(S, biasOf(bias, f + 7));
    FloatVector a10 = FloatVector.broadcast(S, biasOf(bias, f + 0));
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
    int[] taps = p.taps;
    for (int t = 0; t < patch; t++) {
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
      a10.intoArray(out, dst + g.outW());
      a11.intoArray(out, dst + pixels + g.outW());
      a12.intoArray(out, dst + 2 * pixels + g.outW());
      a13.intoArray(out, dst + 3 * pixels + g.outW());
      a14.intoArray(out, dst + 4 * pixels + g.outW());
      a15.intoArray(out, dst + 5 * pixels + g.outW());
      a16.intoArray(out, dst + 6 * pixels + g.outW());
      a17.intoArray(out, dst + 7 * pixels + g.outW());
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
      copyRows(row, 8, 8, out, dst + g.outW(), pixels, g.outW() - ox);
    }
  }

  /** 8 filters × 1 output row, one vector: an image load feeds 8 FMAs, a weight 1. */
  private static void forward8x1(float[] padded, Layout p, float[] w, float[] bias, int f,
      int oy, int ox, float[] out, int o, float[] row) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    FloatVector a00 = FloatVector.broadcast(S, biasOf(bias, f + 0));
    FloatVector a01 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    FloatVector a02 = FloatVector.broadcast(S, biasOf(bias, f + 2));
    FloatVector a03 = FloatVector.broadcast(S, biasOf(bias, f + 3));
    FloatVector a04 = FloatVector.broadcast(S, biasOf(bias, f + 4));
    FloatVector a05 = FloatVector.broadcast(S, biasOf(bias, f + 5));
    FloatVector a06 = FloatVector.broadcast(S, biasOf(bias, f + 6));
    FloatVector a07 = FloatVector.broadcast(S, biasOf(bias, f + 7));
    int base = oy * p.width + ox;
    int w0 = f * patch;
    int[] taps = p.taps;
    for (int t = 0; t < patch; t++) {
      FloatVector v0 = FloatVector.fromArray(S, padded, base + taps[t]);
      FloatVector c0 = FloatVector.broadcast(S, w[w0 + t]);
      a00 = v0.fma(c0, a00);
      FloatVector c1 = FloatVector.broadcast(S, w[w0 + patch + t]);
      a01 = v0.fma(c1, a01);
      FloatVector c2 = FloatVector.broadcast(S, w[w0 + 2 * patch + t]);
      a02 = v0.fma(c2, a02);
      FloatVector c3 = FloatVector.broadcast(S, w[w0 + 3 * patch + t]);
      a03 = v0.fma(c3, a03);
      FloatVector c4 = FloatVector.broadcast(S, w[w0 + 4 * patch + t]);
      a04 = v0.fma(c4, a04);
      FloatVector c5 = FloatVector.broadcast(S, w[w0 + 5 * patch + t]);
      a05 = v0.fma(c5, a05);
      FloatVector c6 = FloatVector.broadcast(S, w[w0 + 6 * patch + t]);
      a06 = v0.fma(c6, a06);
      FloatVector c7 = FloatVector.broadcast(S, w[w0 + 7 * patch + t]);
      a07 = v0.fma(c7, a07);
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
    } else {
      a00.intoArray(row, 0);
      a01.intoArray(row, L);
      a02.intoArray(row, 2 * L);
      a03.intoArray(row, 3 * L);
      a04.intoArray(row, 4 * L);
      a05.intoArray(row, 5 * L);
      a06.intoArray(row, 6 * L);
      a07.intoArray(row, 7 * L);
      copyRows(row, 0, 8, out, dst, pixels, g.outW() - ox);
    }
  }

  /** 4 filters × 2 output rows, one vector: an image load feeds 4 FMAs, a weight 2. */
  private static void forward4x2(float[] padded, Layout p, float[] w, float[] bias, int f,
      int oy, int ox, float[] out, int o, float[] row) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    FloatVector a00 = FloatVector.broadcast(S, biasOf(bias, f + 0));
    FloatVector a01 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    FloatVector a02 = FloatVector.broadcast(S, biasOf(bias, f + 2));
    FloatVector a03 = FloatVector.broadcast(S, biasOf(bias, f + 3));
    FloatVector a10 = FloatVector.broadcast(S, biasOf(bias, f + 0));
    FloatVector a11 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    FloatVector a12 = FloatVector.broadcast(S, biasOf(bias, f + 2));
    FloatVector a13 = FloatVector.broadcast(S, biasOf(bias, f + 3));
    int base = oy * p.width + ox;
    int next = base + p.width;
    int w0 = f * patch;
    int[] taps = p.taps;
    for (int t = 0; t < patch; t++) {
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
      a10.intoArray(out, dst + g.outW());
      a11.intoArray(out, dst + pixels + g.outW());
      a12.intoArray(out, dst + 2 * pixels + g.outW());
      a13.intoArray(out, dst + 3 * pixels + g.outW());
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
      copyRows(row, 4, 4, out, dst + g.outW(), pixels, g.outW() - ox);
    }
  }

  /** 4 filters × 1 output row, one vector: an image load feeds 4 FMAs, a weight 1. */
  private static void forward4x1(float[] padded, Layout p, float[] w, float[] bias, int f,
      int oy, int ox, float[] out, int o, float[] row) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    FloatVector a00 = FloatVector.broadcast(S, biasOf(bias, f + 0));
    FloatVector a01 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    FloatVector a02 = FloatVector.broadcast(S, biasOf(bias, f + 2));
    FloatVector a03 = FloatVector.broadcast(S, biasOf(bias, f + 3));
    int base = oy * p.width + ox;
    int w0 = f * patch;
    int[] taps = p.taps;
    for (int t = 0; t < patch; t++) {
      FloatVector v0 = FloatVector.fromArray(S, padded, base + taps[t]);
      FloatVector c0 = FloatVector.broadcast(S, w[w0 + t]);
      a00 = v0.fma(c0, a00);
      FloatVector c1 = FloatVector.broadcast(S, w[w0 + patch + t]);
      a01 = v0.fma(c1, a01);
      FloatVector c2 = FloatVector.broadcast(S, w[w0 + 2 * patch + t]);
      a02 = v0.fma(c2, a02);
      FloatVector c3 = FloatVector.broadcast(S, w[w0 + 3 * patch + t]);
      a03 = v0.fma(c3, a03);
    }
    int dst = o + f * g.outPixels() + oy * g.outW() + ox;
    int pixels = g.outPixels();
    if (ox + L <= g.outW()) {
      a00.intoArray(out, dst);
      a01.intoArray(out, dst + pixels);
      a02.intoArray(out, dst + 2 * pixels);
      a03.intoArray(out, dst + 3 * pixels);
    } else {
      a00.intoArray(row, 0);
      a01.intoArray(row, L);
      a02.intoArray(row, 2 * L);
      a03.intoArray(row, 3 * L);
      copyRows(row, 0, 4, out, dst, pixels, g.outW() - ox);
    }
  }

  /** 2 filters × 2 output rows, one vector: an image load feeds 2 FMAs, a weight 2. */
  private static void forward2x2(float[] padded, Layout p, float[] w, float[] bias, int f,
      int oy, int ox, float[] out, int o, float[] row) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    FloatVector a00 = FloatVector.broadcast(S, biasOf(bias, f + 0));
    FloatVector a01 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    FloatVector a10 = FloatVector.broadcast(S, biasOf(bias, f + 0));
    FloatVector a11 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    int base = oy * p.width + ox;
    int next = base + p.width;
    int w0 = f * patch;
    int[] taps = p.taps;
    for (int t = 0; t < patch; t++) {
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
      a10.intoArray(out, dst + g.outW());
      a11.intoArray(out, dst + pixels + g.outW());
    } else {
      a00.intoArray(row, 0);
      a01.intoArray(row, L);
      a10.intoArray(row, 2 * L);
      a11.intoArray(row, 3 * L);
      copyRows(row, 0, 2, out, dst, pixels, g.outW() - ox);
      copyRows(row, 2, 2, out, dst + g.outW(), pixels, g.outW() - ox);
    }
  }

  /** 2 filters × 1 output row, one vector: an image load feeds 2 FMAs, a weight 1. */
  private static void forward2x1(float[] padded, Layout p, float[] w, float[] bias, int f,
      int oy, int ox, float[] out, int o, float[] row) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    FloatVector a00 = FloatVector.broadcast(S, biasOf(bias, f + 0));
    FloatVector a01 = FloatVector.broadcast(S, biasOf(bias, f + 1));
    int base = oy * p.width + ox;
    int w0 = f * patch;
    int[] taps = p.taps;
    for (int t = 0; t < patch; t++) {
      FloatVector v0 = FloatVector.fromArray(S, padded, base + taps[t]);
      FloatVector c0 = FloatVector.broadcast(S, w[w0 + t]);
      a00 = v0.fma(c0, a00);
      FloatVector c1 = FloatVector.broadcast(S, w[w0 + patch + t]);
      a01 = v0.fma(c1, a01);
    }
    int dst = o + f * g.outPixels() + oy * g.outW() + ox;
    int pixels = g.outPixels();
    if (ox + L <= g.outW()) {
      a00.intoArray(out, dst);
      a01.intoArray(out, dst + pixels);
    } else {
      a00.intoArray(row, 0);
      a01.intoArray(row, L);
      copyRows(row, 0, 2, out, dst, pixels, g.outW() - ox);
    }
  }

  /** 1 filter × 2 output rows, one vector: an image load feeds 1 FMAs, a weight 2. */
  private static void forward1x2(float[] padded, Layout p, float[] w, float[] bias, int f,
      int oy, int ox, float[] out, int o, float[] row) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    FloatVector a00 = FloatVector.broadcast(S, biasOf(bias, f + 0));
    FloatVector a10 = FloatVector.broadcast(S, biasOf(bias, f + 0));
    int base = oy * p.width + ox;
    int next = base + p.width;
    int w0 = f * patch;
    int[] taps = p.taps;
    for (int t = 0; t < patch; t++) {
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
      a10.intoArray(out, dst + g.outW());
    } else {
      a00.intoArray(row, 0);
      a10.intoArray(row, L);
      copyRows(row, 0, 1, out, dst, pixels, g.outW() - ox);
      copyRows(row, 1, 1, out, dst + g.outW(), pixels, g.outW() - ox);
    }
  }

  /** 1 filter × 1 output row, one vector: an image load feeds 1 FMAs, a weight 1. */
  private static void forward1x1(float[] padded, Layout p, float[] w, float[] bias, int f,
      int oy, int ox, float[] out, int o, float[] row) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    FloatVector a00 = FloatVector.broadcast(S, biasOf(bias, f + 0));
    int base = oy * p.width + ox;
    int w0 = f * patch;
    int[] taps = p.taps;
    for (int t = 0; t < patch; t++) {
      FloatVector v0 = FloatVector.fromArray(S, padded, base + taps[t]);
      FloatVector c0 = FloatVector.broadcast(S, w[w0 + t]);
      a00 = v0.fma(c0, a00);
    }
    int dst = o + f * g.outPixels() + oy * g.outW() + ox;
    int pixels = g.outPixels();
    if (ox + L <= g.outW()) {
      a00.intoArray(out, dst);
    } else {
      a00.intoArray(row, 0);
      copyRows(row, 0, 1, out, dst, pixels, g.outW() - ox);
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

  @Override
  public void filterGrad(float[] x, float[] dy, float[] dw, ConvGeometry g) {
    Layout p = new Layout(g);
    int size = g.f() * g.patch();
    int groups = (g.n() + GROUP - 1) / GROUP;
    float[] partial = Scratch.get(Scratch.PARTIAL, groups * size);
    int chw = g.c() * g.h() * g.w();
    Parallel.range(groups, 1, (from, to) -> {
      float[] padded = Scratch.get(Scratch.PADDED, GROUP * p.image + L);
      float[] dyPadded = Scratch.get(Scratch.DY_PADDED, GROUP * g.f() * p.dyPlane);
      Arrays.fill(padded, 0, GROUP * p.image + L, 0f);
      Arrays.fill(dyPadded, 0, GROUP * g.f() * p.dyPlane, 0f);
      float[] acc = Scratch.get(Scratch.ACC, 16 * L);
      for (int gr = from; gr < to; gr++) {
        int first = gr * GROUP;
        int images = Math.min(GROUP, g.n() - first);
        for (int i = 0; i < images; i++) {
          p.pad(x, (first + i) * chw, padded, i * p.image);
          p.padGradient(dy, first + i, dyPadded, i * g.f() * p.dyPlane);
        }
        for (int f = 0; f < g.f(); ) {
          int filters = f + 4 <= g.f() ? 4 : 1;
          for (int tap = 0; tap < g.patch(); ) {
            int taps = filters == 4 && tap + 4 <= g.patch() ? 4 : 1;
            filterGradTaps(padded, dyPadded, p, images, f, filters, tap, taps, acc, partial,
                gr * size);
            tap += taps;
          }
          f += filters;
        }
      }
    });
    for (int t = 0; t < size; t++) {
      float s = 0f;
      for (int gr = 0; gr < groups; gr++) {
        s += partial[gr * size + t];
      }
      dw[t] = s;
    }
  }

  /**
   * Taps {@code tap…tap+taps−1} of the gradients of filters {@code f…f+filters−1} over a group
   * of images, one image at a time: the accumulators go through {@code acc} between images, so
   * no vector outlives a small method (the JIT would box it).
   */
  private static void filterGradTaps(float[] padded, float[] dyPadded, Layout p, int images,
      int f, int filters, int tap, int taps, float[] acc, float[] partial, int off) {
    Arrays.fill(acc, 0, filters * taps * L, 0f);
    int[] t = p.taps;
    for (int i = 0; i < images; i++) {
      int x = i * p.image;
      int d = (i * p.g.f() + f) * p.dyPlane;
      if (taps == 4) {
        image4x4(padded, dyPadded, p, x, t[tap], t[tap + 1], t[tap + 2], t[tap + 3], d, acc);
      } else if (filters == 4) {
        image4(padded, dyPadded, p, x + t[tap], d, acc);
      } else {
        image1(padded, dyPadded, p, x + t[tap], d, acc);
      }
    }
    int patch = p.g.patch();
    for (int j = 0; j < taps; j++) {
      for (int k = 0; k < filters; k++) {
        float sum = 0f;
        int a = (j * filters + k) * L;
        for (int lane = 0; lane < L; lane++) {
          sum += acc[a + lane];
        }
        partial[off + (f + k) * patch + tap + j] = sum;
      }
    }
  }

  /**
   * Adds one image's products for four filters and four taps to {@code acc} (tap-major):
   * eight loads feed sixteen FMAs, where one tap at a time needs five loads for four.
   */
  private static void image4x4(float[] padded, float[] dyPadded, Layout p, int x, int s0,
      int s1, int s2, int s3, int d, float[] acc) {
    int plane = p.dyPlane;
    int rowFloats = p.rowVectors * L;
    FloatVector a00 = FloatVector.fromArray(S, acc, 0);
    FloatVector a01 = FloatVector.fromArray(S, acc, L);
    FloatVector a02 = FloatVector.fromArray(S, acc, 2 * L);
    FloatVector a03 = FloatVector.fromArray(S, acc, 3 * L);
    FloatVector a10 = FloatVector.fromArray(S, acc, 4 * L);
    FloatVector a11 = FloatVector.fromArray(S, acc, 5 * L);
    FloatVector a12 = FloatVector.fromArray(S, acc, 6 * L);
    FloatVector a13 = FloatVector.fromArray(S, acc, 7 * L);
    FloatVector a20 = FloatVector.fromArray(S, acc, 8 * L);
    FloatVector a21 = FloatVector.fromArray(S, acc, 9 * L);
    FloatVector a22 = FloatVector.fromArray(S, acc, 10 * L);
    FloatVector a23 = FloatVector.fromArray(S, acc, 11 * L);
    FloatVector a30 = FloatVector.fromArray(S, acc, 12 * L);
    FloatVector a31 = FloatVector.fromArray(S, acc, 13 * L);
    FloatVector a32 = FloatVector.fromArray(S, acc, 14 * L);
    FloatVector a33 = FloatVector.fromArray(S, acc, 15 * L);
    int src = x;
    int v = 0;
    int end = d + plane;
    for (int dy = d; dy < end; dy += L) {
      FloatVector d0 = FloatVector.fromArray(S, dyPadded, dy);
      FloatVector d1 = FloatVector.fromArray(S, dyPadded, dy + plane);
      FloatVector d2 = FloatVector.fromArray(S, dyPadded, dy + 2 * plane);
      FloatVector d3 = FloatVector.fromArray(S, dyPadded, dy + 3 * plane);
      FloatVector x0 = FloatVector.fromArray(S, padded, src + v + s0);
      a00 = d0.fma(x0, a00);
      a01 = d1.fma(x0, a01);
      a02 = d2.fma(x0, a02);
      a03 = d3.fma(x0, a03);
      FloatVector x1 = FloatVector.fromArray(S, padded, src + v + s1);
      a10 = d0.fma(x1, a10);
      a11 = d1.fma(x1, a11);
      a12 = d2.fma(x1, a12);
      a13 = d3.fma(x1, a13);
      FloatVector x2 = FloatVector.fromArray(S, padded, src + v + s2);
      a20 = d0.fma(x2, a20);
      a21 = d1.fma(x2, a21);
      a22 = d2.fma(x2, a22);
      a23 = d3.fma(x2, a23);
      FloatVector x3 = FloatVector.fromArray(S, padded, src + v + s3);
      a30 = d0.fma(x3, a30);
      a31 = d1.fma(x3, a31);
      a32 = d2.fma(x3, a32);
      a33 = d3.fma(x3, a33);
      v += L;
      if (v == rowFloats) {
        v = 0;
        src += p.width;
      }
    }
    a00.intoArray(acc, 0);
    a01.intoArray(acc, L);
    a02.intoArray(acc, 2 * L);
    a03.intoArray(acc, 3 * L);
    a10.intoArray(acc, 4 * L);
    a11.intoArray(acc, 5 * L);
    a12.intoArray(acc, 6 * L);
    a13.intoArray(acc, 7 * L);
    a20.intoArray(acc, 8 * L);
    a21.intoArray(acc, 9 * L);
    a22.intoArray(acc, 10 * L);
    a23.intoArray(acc, 11 * L);
    a30.intoArray(acc, 12 * L);
    a31.intoArray(acc, 13 * L);
    a32.intoArray(acc, 14 * L);
    a33.intoArray(acc, 15 * L);
  }


  /** Adds one image's products for four filters to {@code acc}. */
  private static void image4(float[] padded, float[] dyPadded, Layout p, int x, int d,
      float[] acc) {
    int plane = p.dyPlane;
    int rowFloats = p.rowVectors * L;
    FloatVector a0 = FloatVector.fromArray(S, acc, 0);
    FloatVector a1 = FloatVector.fromArray(S, acc, L);
    FloatVector a2 = FloatVector.fromArray(S, acc, 2 * L);
    FloatVector a3 = FloatVector.fromArray(S, acc, 3 * L);
    // one flat loop over the image's vectors: C2 keeps vectors unboxed through one loop only
    int src = x;
    int v = 0;
    int end = d + p.dyPlane;
    for (int dy = d; dy < end; dy += L) {
      FloatVector xv = FloatVector.fromArray(S, padded, src + v);
      a0 = FloatVector.fromArray(S, dyPadded, dy).fma(xv, a0);
      a1 = FloatVector.fromArray(S, dyPadded, dy + plane).fma(xv, a1);
      a2 = FloatVector.fromArray(S, dyPadded, dy + 2 * plane).fma(xv, a2);
      a3 = FloatVector.fromArray(S, dyPadded, dy + 3 * plane).fma(xv, a3);
      v += L;
      if (v == rowFloats) {
        v = 0;
        src += p.width;
      }
    }
    a0.intoArray(acc, 0);
    a1.intoArray(acc, L);
    a2.intoArray(acc, 2 * L);
    a3.intoArray(acc, 3 * L);
  }

  /** Adds one image's products for one filter to {@code acc}. */
  private static void image1(float[] padded, float[] dyPadded, Layout p, int x, int d,
      float[] acc) {
    int rowFloats = p.rowVectors * L;
    FloatVector a = FloatVector.fromArray(S, acc, 0);
    int src = x;
    int v = 0;
    int end = d + p.dyPlane;
    for (int dy = d; dy < end; dy += L) {
      a = FloatVector.fromArray(S, dyPadded, dy).fma(FloatVector.fromArray(S, padded, src + v), a);
      v += L;
      if (v == rowFloats) {
        v = 0;
        src += p.width;
      }
    }
    a.intoArray(acc, 0);
  }

  /**
   * Where things sit in the padded buffers: an image's channels are planes of
   * {@code outH + kH − 1} rows of {@code width} floats, wide enough that a vector starting at any
   * output column plus any tap stays inside its row; the output gradient is stored with rows of
   * whole vectors, zero beyond {@code outW}, so lanes past the edge add nothing.
   */
  private static final class Layout {
    final ConvGeometry g;
    final int rowVectors;
    final int width;
    final int plane;
    final int image;
    final int dyPlane;
    /** Offset of each tap {@code (c, ki, kj)} from an output position's top-left input. */
    final int[] taps;

    Layout(ConvGeometry g) {
      this.g = g;
      this.rowVectors = (g.outW() + L - 1) / L;
      this.width = rowVectors * L + g.kw() - 1;
      this.plane = (g.outH() + g.kh() - 1) * width;
      this.image = g.c() * plane;
      this.dyPlane = g.outH() * rowVectors * L;
      this.taps = new int[g.patch()];
      for (int t = 0; t < taps.length; t++) {
        taps[t] = tapOffset(t);
      }
    }

    /** Copies image {@code x[off…]} inside the zero border of {@code padded[at…]}. */
    void pad(float[] x, int off, float[] padded, int at) {
      for (int c = 0; c < g.c(); c++) {
        for (int y = 0; y < g.h(); y++) {
          System.arraycopy(x, off + (c * g.h() + y) * g.w(), padded,
              at + c * plane + (y + g.padTop()) * width + g.padLeft(), g.w());
        }
      }
    }

    /** Copies the output gradient of image {@code n} into rows of whole vectors. */
    void padGradient(float[] dy, int n, float[] into, int at) {
      int rows = g.f() * g.outH();
      int src = n * rows * g.outW();
      for (int r = 0; r < rows; r++) {
        System.arraycopy(dy, src + r * g.outW(), into, at + r * rowVectors * L, g.outW());
      }
    }

    /** Offset of tap {@code (c, ki, kj)} in a padded image. */
    int tapOffset(int tap) {
      int kj = tap % g.kw();
      int ki = (tap / g.kw()) % g.kh();
      int c = tap / (g.kw() * g.kh());
      return c * plane + ki * width + kj;
    }
  }
}
