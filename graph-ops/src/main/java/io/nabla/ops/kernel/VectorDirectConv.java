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
      float[] row = Scratch.get(Scratch.ROW_TAIL, 8 * L);
      Arrays.fill(padded, 0, p.image + L, 0f);
      for (int i = from; i < to; i++) {
        p.pad(x, i * chw, padded, 0);
        int o = i * g.f() * g.outPixels();
        for (int oy = 0; oy < g.outH(); oy++) {
          for (int ox = 0; ox < g.outW(); ox += L) {
            int f = 0;
            for (; f + 8 <= g.f(); f += 8) {
              forward8(padded, p, w, bias, f, oy, ox, out, o, row);
            }
            if (f + 4 <= g.f()) {
              forward4(padded, p, w, bias, f, oy, ox, out, o, row);
              f += 4;
            }
            if (f + 2 <= g.f()) {
              forward2(padded, p, w, bias, f, oy, ox, out, o, row);
              f += 2;
            }
            if (f < g.f()) {
              forward1(padded, p, w, bias, f, oy, ox, out, o, row);
            }
          }
        }
      }
    });
  }

  /** Eight filters × one vector of an output row: each load of the image feeds eight FMAs. */
  private static void forward8(float[] padded, Layout p, float[] w, float[] bias, int f, int oy,
      int ox, float[] out, int o, float[] row) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    FloatVector a0 = FloatVector.broadcast(S, bias == null ? 0f : bias[f + 0]);
    FloatVector a1 = FloatVector.broadcast(S, bias == null ? 0f : bias[f + 1]);
    FloatVector a2 = FloatVector.broadcast(S, bias == null ? 0f : bias[f + 2]);
    FloatVector a3 = FloatVector.broadcast(S, bias == null ? 0f : bias[f + 3]);
    FloatVector a4 = FloatVector.broadcast(S, bias == null ? 0f : bias[f + 4]);
    FloatVector a5 = FloatVector.broadcast(S, bias == null ? 0f : bias[f + 5]);
    FloatVector a6 = FloatVector.broadcast(S, bias == null ? 0f : bias[f + 6]);
    FloatVector a7 = FloatVector.broadcast(S, bias == null ? 0f : bias[f + 7]);
    int base = oy * p.width + ox;
    int w0 = f * patch;
    int[] taps = p.taps;
    for (int t = 0; t < patch; t++) {
      FloatVector v = FloatVector.fromArray(S, padded, base + taps[t]);
      a0 = v.fma(FloatVector.broadcast(S, w[w0 + t]), a0);
      a1 = v.fma(FloatVector.broadcast(S, w[w0 + patch + t]), a1);
      a2 = v.fma(FloatVector.broadcast(S, w[w0 + 2 * patch + t]), a2);
      a3 = v.fma(FloatVector.broadcast(S, w[w0 + 3 * patch + t]), a3);
      a4 = v.fma(FloatVector.broadcast(S, w[w0 + 4 * patch + t]), a4);
      a5 = v.fma(FloatVector.broadcast(S, w[w0 + 5 * patch + t]), a5);
      a6 = v.fma(FloatVector.broadcast(S, w[w0 + 6 * patch + t]), a6);
      a7 = v.fma(FloatVector.broadcast(S, w[w0 + 7 * patch + t]), a7);
    }
    int dst = o + f * g.outPixels() + oy * g.outW() + ox;
    int pixels = g.outPixels();
    if (ox + L <= g.outW()) {
      a0.intoArray(out, dst);
      a1.intoArray(out, dst + pixels);
      a2.intoArray(out, dst + 2 * pixels);
      a3.intoArray(out, dst + 3 * pixels);
      a4.intoArray(out, dst + 4 * pixels);
      a5.intoArray(out, dst + 5 * pixels);
      a6.intoArray(out, dst + 6 * pixels);
      a7.intoArray(out, dst + 7 * pixels);
    } else {
      a0.intoArray(row, 0);
      a1.intoArray(row, L);
      a2.intoArray(row, 2 * L);
      a3.intoArray(row, 3 * L);
      a4.intoArray(row, 4 * L);
      a5.intoArray(row, 5 * L);
      a6.intoArray(row, 6 * L);
      a7.intoArray(row, 7 * L);
      copyRows(row, 8, out, dst, pixels, g.outW() - ox);
    }
  }

  /** Four filters × one vector of an output row. */
  private static void forward4(float[] padded, Layout p, float[] w, float[] bias, int f, int oy,
      int ox, float[] out, int o, float[] row) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    FloatVector a0 = FloatVector.broadcast(S, bias == null ? 0f : bias[f]);
    FloatVector a1 = FloatVector.broadcast(S, bias == null ? 0f : bias[f + 1]);
    FloatVector a2 = FloatVector.broadcast(S, bias == null ? 0f : bias[f + 2]);
    FloatVector a3 = FloatVector.broadcast(S, bias == null ? 0f : bias[f + 3]);
    int base = oy * p.width + ox;
    int w0 = f * patch;
    int[] taps = p.taps;
    for (int t = 0; t < patch; t++) {
      FloatVector v = FloatVector.fromArray(S, padded, base + taps[t]);
      a0 = v.fma(FloatVector.broadcast(S, w[w0 + t]), a0);
      a1 = v.fma(FloatVector.broadcast(S, w[w0 + patch + t]), a1);
      a2 = v.fma(FloatVector.broadcast(S, w[w0 + 2 * patch + t]), a2);
      a3 = v.fma(FloatVector.broadcast(S, w[w0 + 3 * patch + t]), a3);
    }
    int dst = o + f * g.outPixels() + oy * g.outW() + ox;
    int pixels = g.outPixels();
    if (ox + L <= g.outW()) {
      a0.intoArray(out, dst);
      a1.intoArray(out, dst + pixels);
      a2.intoArray(out, dst + 2 * pixels);
      a3.intoArray(out, dst + 3 * pixels);
    } else {
      a0.intoArray(row, 0);
      a1.intoArray(row, L);
      a2.intoArray(row, 2 * L);
      a3.intoArray(row, 3 * L);
      copyRows(row, 4, out, dst, pixels, g.outW() - ox);
    }
  }

  /** Two filters × one vector of an output row. */
  private static void forward2(float[] padded, Layout p, float[] w, float[] bias, int f, int oy,
      int ox, float[] out, int o, float[] row) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    FloatVector a0 = FloatVector.broadcast(S, bias == null ? 0f : bias[f + 0]);
    FloatVector a1 = FloatVector.broadcast(S, bias == null ? 0f : bias[f + 1]);
    int base = oy * p.width + ox;
    int w0 = f * patch;
    int[] taps = p.taps;
    for (int t = 0; t < patch; t++) {
      FloatVector v = FloatVector.fromArray(S, padded, base + taps[t]);
      a0 = v.fma(FloatVector.broadcast(S, w[w0 + t]), a0);
      a1 = v.fma(FloatVector.broadcast(S, w[w0 + patch + t]), a1);
    }
    int dst = o + f * g.outPixels() + oy * g.outW() + ox;
    int pixels = g.outPixels();
    if (ox + L <= g.outW()) {
      a0.intoArray(out, dst);
      a1.intoArray(out, dst + pixels);
    } else {
      a0.intoArray(row, 0);
      a1.intoArray(row, L);
      copyRows(row, 2, out, dst, pixels, g.outW() - ox);
    }
  }

  /** One filter × one vector of an output row. */
  private static void forward1(float[] padded, Layout p, float[] w, float[] bias, int f, int oy,
      int ox, float[] out, int o, float[] row) {
    ConvGeometry g = p.g;
    FloatVector a = FloatVector.broadcast(S, bias == null ? 0f : bias[f]);
    int base = oy * p.width + ox;
    int w0 = f * g.patch();
    int[] taps = p.taps;
    for (int t = 0; t < g.patch(); t++) {
      a = FloatVector.fromArray(S, padded, base + taps[t])
          .fma(FloatVector.broadcast(S, w[w0 + t]), a);
    }
    int dst = o + f * g.outPixels() + oy * g.outW() + ox;
    if (ox + L <= g.outW()) {
      a.intoArray(out, dst);
    } else {
      a.intoArray(row, 0);
      copyRows(row, 1, out, dst, g.outPixels(), g.outW() - ox);
    }
  }

  /** The first {@code valid} lanes of {@code rows} vectors in {@code row}, one per filter. */
  private static void copyRows(float[] row, int rows, float[] out, int dst, int stride,
      int valid) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(row, r * L, out, dst + r * stride, valid);
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
   * One tap of the gradients of filters {@code f…f+count−1} over a group of images, one image at
   * a time: the accumulators go through {@code acc} between images, so no vector outlives a
   * small method (the JIT would box it).
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
