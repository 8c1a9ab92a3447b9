package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The filter gradient of {@link VectorDirectConv}: for each tap, the products of the padded
 * images with the output gradient, four taps by four filters at a time, summed over fixed groups
 * of images and then added up in group order, so the result does not depend on the threads.
 */
final class VectorDirectConvFilterGrad {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Images whose filter-gradient sums are formed together before being added up in order. */
  private static final int GROUP = 8;

  private VectorDirectConvFilterGrad() {}

  /** {@code dw[f,c] = Σ_n dy[n,f] ⋆ x[n,c]}. */
  static void run(float[] x, float[] dy, float[] dw, ConvGeometry g) {
    DirectConvLayout p = new DirectConvLayout(g, L);
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
          int filters = f + 4 <= g.f() ? 4 : f + 2 <= g.f() ? 2 : 1;
          for (int tap = 0; tap < g.patch(); ) {
            int taps = tap + 4 <= g.patch() ? 4 : 1;
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
   * of images, in one loop over all the group's rows: one call per image made the loops ten
   * iterations long for LeNet's second convolution, and reloading the accumulators each time
   * cost more than the products. The sums leave through {@code acc}, so no vector outlives a
   * small method (the JIT would box it).
   */
  private static void filterGradTaps(float[] padded, float[] dyPadded, DirectConvLayout p,
      int images, int f, int filters, int tap, int taps, float[] acc, float[] partial, int off) {
    Arrays.fill(acc, 0, filters * taps * L, 0f);
    int[] t = p.taps;
    int d = f * p.dyPlane;
    if (taps == 4 && filters == 4) {
      group4x4(padded, dyPadded, p, images, t[tap], t[tap + 1], t[tap + 2], t[tap + 3], d, acc);
    } else if (taps == 4 && filters == 2) {
      group2x4(padded, dyPadded, p, images, t[tap], t[tap + 1], t[tap + 2], t[tap + 3], d, acc);
    } else if (taps == 4) {
      group1x4(padded, dyPadded, p, images, t[tap], t[tap + 1], t[tap + 2], t[tap + 3], d, acc);
    } else if (filters == 4) {
      group4(padded, dyPadded, p, images, t[tap], d, acc);
    } else {
      for (int k = 0; k < filters; k++) {
        group1(padded, dyPadded, p, images, t[tap], d + k * p.dyPlane, acc, k * L);
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
   * Adds a group's products for four filters and four taps to {@code acc} (tap-major): eight
   * loads feed sixteen FMAs, where one tap at a time needs five loads for four. The loop walks
   * the rows of every image of the group: {@code src} through the padded images, {@code dy}
   * through the filters' gradient planes.
   */
  private static void group4x4(float[] padded, float[] dyPadded, DirectConvLayout p, int images,
      int s0, int s1, int s2, int s3, int d, float[] acc) {
    int plane = p.dyPlane;
    int rowFloats = p.rowVectors * L;
    int rows = p.g.outH();
    int imageSkip = p.image - rows * p.width;
    int dySkip = (p.g.f() - 1) * plane;
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
    int src = 0;
    int v = 0;
    int row = 0;
    int dy = d;
    for (int k = images * plane / L; k > 0; k--) {
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
      dy += L;
      v += L;
      if (v == rowFloats) {
        v = 0;
        src += p.width;
        if (++row == rows) {
          row = 0;
          src += imageSkip;
          dy += dySkip;
        }
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

  /** Adds a group's products for four filters and one tap to {@code acc}. */
  private static void group4(float[] padded, float[] dyPadded, DirectConvLayout p, int images,
      int s0, int d, float[] acc) {
    int plane = p.dyPlane;
    int rowFloats = p.rowVectors * L;
    int rows = p.g.outH();
    int imageSkip = p.image - rows * p.width;
    int dySkip = (p.g.f() - 1) * plane;
    FloatVector a0 = FloatVector.fromArray(S, acc, 0);
    FloatVector a1 = FloatVector.fromArray(S, acc, L);
    FloatVector a2 = FloatVector.fromArray(S, acc, 2 * L);
    FloatVector a3 = FloatVector.fromArray(S, acc, 3 * L);
    int src = s0;
    int v = 0;
    int row = 0;
    int dy = d;
    for (int k = images * plane / L; k > 0; k--) {
      FloatVector xv = FloatVector.fromArray(S, padded, src + v);
      a0 = FloatVector.fromArray(S, dyPadded, dy).fma(xv, a0);
      a1 = FloatVector.fromArray(S, dyPadded, dy + plane).fma(xv, a1);
      a2 = FloatVector.fromArray(S, dyPadded, dy + 2 * plane).fma(xv, a2);
      a3 = FloatVector.fromArray(S, dyPadded, dy + 3 * plane).fma(xv, a3);
      dy += L;
      v += L;
      if (v == rowFloats) {
        v = 0;
        src += p.width;
        if (++row == rows) {
          row = 0;
          src += imageSkip;
          dy += dySkip;
        }
      }
    }
    a0.intoArray(acc, 0);
    a1.intoArray(acc, L);
    a2.intoArray(acc, 2 * L);
    a3.intoArray(acc, 3 * L);
  }

  /** Adds a group's products for one filter and one tap to {@code acc}. */
  private static void group1(float[] padded, float[] dyPadded, DirectConvLayout p, int images,
      int s0, int d, float[] acc, int at) {
    int plane = p.dyPlane;
    int rowFloats = p.rowVectors * L;
    int rows = p.g.outH();
    int imageSkip = p.image - rows * p.width;
    int dySkip = (p.g.f() - 1) * plane;
    FloatVector a = FloatVector.fromArray(S, acc, at);
    int src = s0;
    int v = 0;
    int row = 0;
    int dy = d;
    for (int k = images * plane / L; k > 0; k--) {
      a = FloatVector.fromArray(S, dyPadded, dy).fma(FloatVector.fromArray(S, padded, src + v), a);
      dy += L;
      v += L;
      if (v == rowFloats) {
        v = 0;
        src += p.width;
        if (++row == rows) {
          row = 0;
          src += imageSkip;
          dy += dySkip;
        }
      }
    }
    a.intoArray(acc, at);
  }

  /** Adds a group's products for two filters and four taps to {@code acc} (tap-major). */
  private static void group2x4(float[] padded, float[] dyPadded, DirectConvLayout p, int images,
      int s0, int s1, int s2, int s3, int d, float[] acc) {
    int plane = p.dyPlane;
    int rowFloats = p.rowVectors * L;
    int rows = p.g.outH();
    int imageSkip = p.image - rows * p.width;
    int dySkip = (p.g.f() - 1) * plane;
    FloatVector a00 = FloatVector.fromArray(S, acc, 0);
    FloatVector a01 = FloatVector.fromArray(S, acc, L);
    FloatVector a10 = FloatVector.fromArray(S, acc, 2 * L);
    FloatVector a11 = FloatVector.fromArray(S, acc, 3 * L);
    FloatVector a20 = FloatVector.fromArray(S, acc, 4 * L);
    FloatVector a21 = FloatVector.fromArray(S, acc, 5 * L);
    FloatVector a30 = FloatVector.fromArray(S, acc, 6 * L);
    FloatVector a31 = FloatVector.fromArray(S, acc, 7 * L);
    int src = 0;
    int v = 0;
    int row = 0;
    int dy = d;
    for (int k = images * plane / L; k > 0; k--) {
      FloatVector d0 = FloatVector.fromArray(S, dyPadded, dy);
      FloatVector d1 = FloatVector.fromArray(S, dyPadded, dy + plane);
      FloatVector x0 = FloatVector.fromArray(S, padded, src + v + s0);
      a00 = d0.fma(x0, a00);
      a01 = d1.fma(x0, a01);
      FloatVector x1 = FloatVector.fromArray(S, padded, src + v + s1);
      a10 = d0.fma(x1, a10);
      a11 = d1.fma(x1, a11);
      FloatVector x2 = FloatVector.fromArray(S, padded, src + v + s2);
      a20 = d0.fma(x2, a20);
      a21 = d1.fma(x2, a21);
      FloatVector x3 = FloatVector.fromArray(S, padded, src + v + s3);
      a30 = d0.fma(x3, a30);
      a31 = d1.fma(x3, a31);
      dy += L;
      v += L;
      if (v == rowFloats) {
        v = 0;
        src += p.width;
        if (++row == rows) {
          row = 0;
          src += imageSkip;
          dy += dySkip;
        }
      }
    }
    a00.intoArray(acc, 0);
    a01.intoArray(acc, L);
    a10.intoArray(acc, 2 * L);
    a11.intoArray(acc, 3 * L);
    a20.intoArray(acc, 4 * L);
    a21.intoArray(acc, 5 * L);
    a30.intoArray(acc, 6 * L);
    a31.intoArray(acc, 7 * L);
  }

  /** Adds a group's products for one filter and four taps to {@code acc}. */
  private static void group1x4(float[] padded, float[] dyPadded, DirectConvLayout p, int images,
      int s0, int s1, int s2, int s3, int d, float[] acc) {
    int plane = p.dyPlane;
    int rowFloats = p.rowVectors * L;
    int rows = p.g.outH();
    int imageSkip = p.image - rows * p.width;
    int dySkip = (p.g.f() - 1) * plane;
    FloatVector a0 = FloatVector.fromArray(S, acc, 0);
    FloatVector a1 = FloatVector.fromArray(S, acc, L);
    FloatVector a2 = FloatVector.fromArray(S, acc, 2 * L);
    FloatVector a3 = FloatVector.fromArray(S, acc, 3 * L);
    int src = 0;
    int v = 0;
    int row = 0;
    int dy = d;
    for (int k = images * plane / L; k > 0; k--) {
      FloatVector d0 = FloatVector.fromArray(S, dyPadded, dy);
      a0 = d0.fma(FloatVector.fromArray(S, padded, src + v + s0), a0);
      a1 = d0.fma(FloatVector.fromArray(S, padded, src + v + s1), a1);
      a2 = d0.fma(FloatVector.fromArray(S, padded, src + v + s2), a2);
      a3 = d0.fma(FloatVector.fromArray(S, padded, src + v + s3), a3);
      dy += L;
      v += L;
      if (v == rowFloats) {
        v = 0;
        src += p.width;
        if (++row == rows) {
          row = 0;
          src += imageSkip;
          dy += dySkip;
        }
      }
    }
    a0.intoArray(acc, 0);
    a1.intoArray(acc, L);
    a2.intoArray(acc, 2 * L);
    a3.intoArray(acc, 3 * L);
  }
}
