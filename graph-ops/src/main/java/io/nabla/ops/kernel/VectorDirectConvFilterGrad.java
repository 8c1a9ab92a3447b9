package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The filter gradient of the {@code direct} kernel: for each tap, the products of the padded
 * images with the output gradient, three taps by four filters at a time, summed over fixed groups
 * of images and then added up in group order, so the result does not depend on the threads.
 * Twelve accumulators, three image vectors and one gradient vector fill AVX2's sixteen
 * registers (four taps by four filters needed twenty-one, and spilled).
 */
final class VectorDirectConvFilterGrad {
  private static final VectorSpecies<Float> S = VectorWidth.S;
  private static final int L = S.length();
  /** Images whose filter-gradient sums are formed together before being added up in order. */
  private static final int GROUP = 8;
  /** Taps per call: 3×3 kernels have nine taps per channel, so no block is ragged. */
  private static final int TAPS = 3;

  private VectorDirectConvFilterGrad() {}

  /** {@code dw[f,c] = Σ_n dy[n,f] ⋆ x[n,c]}. */
  static void run(float[] x, float[] dy, float[] dw, ConvGeometry g) {
    DirectConvLayout p = DirectConvLayout.of(g, L);
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
      int[] walk = Scratch.ints(2 * GROUP * p.dyPlane / L);
      for (int gr = from; gr < to; gr++) {
        int first = gr * GROUP;
        int images = Math.min(GROUP, g.n() - first);
        for (int i = 0; i < images; i++) {
          p.pad(x, (first + i) * chw, padded, i * p.image);
          p.padGradient(dy, first + i, dyPadded, i * g.f() * p.dyPlane);
        }
        int steps = walk(p, images, walk);
        for (int f = 0; f < g.f(); ) {
          int filters = f + 4 <= g.f() ? 4 : f + 2 <= g.f() ? 2 : 1;
          for (int tap = 0; tap < g.patch(); tap += TAPS) {
            filterGradTaps(padded, dyPadded, p, walk, steps, f, filters, tap, acc, partial,
                gr * size);
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
   * Where each vector of a group's output gradient sits, and the padded image vector at the
   * same output position, as pairs {@code (image offset, gradient offset)}: the kernels loop
   * over these instead of walking rows and images themselves. Returns the number of pairs.
   */
  private static int walk(DirectConvLayout p, int images, int[] walk) {
    int k = 0;
    for (int i = 0; i < images; i++) {
      for (int y = 0; y < p.g.outH(); y++) {
        for (int v = 0; v < p.rowVectors; v++) {
          walk[2 * k] = i * p.image + y * p.width + v * L;
          walk[2 * k + 1] = i * p.g.f() * p.dyPlane + (y * p.rowVectors + v) * L;
          k++;
        }
      }
    }
    return k;
  }

  /**
   * Taps {@code tap…tap+2} (those that exist; the last block repeats its last tap and drops the
   * copies) of the gradients of filters {@code f…f+filters−1} over a group of images, in one
   * loop over all the group's vectors: one call per image made the loops ten iterations long
   * for LeNet's second convolution, and reloading the accumulators each time cost more than
   * the products. The sums leave through {@code acc}, so no vector outlives a small method (the
   * JIT would box it).
   */
  private static void filterGradTaps(float[] padded, float[] dyPadded, DirectConvLayout p,
      int[] walk, int steps, int f, int filters, int tap, float[] acc, float[] partial,
      int off) {
    int patch = p.g.patch();
    int taps = Math.min(TAPS, patch - tap);
    int[] t = p.taps;
    int s0 = t[tap];
    int s1 = t[tap + Math.min(1, taps - 1)];
    int s2 = t[tap + taps - 1];
    int d = f * p.dyPlane;
    Arrays.fill(acc, 0, filters * TAPS * L, 0f);
    if (filters == 4) {
      group4x3(padded, dyPadded, p.dyPlane, walk, steps, s0, s1, s2, d, acc);
    } else if (filters == 2) {
      group2x3(padded, dyPadded, p.dyPlane, walk, steps, s0, s1, s2, d, acc);
    } else {
      group1x3(padded, dyPadded, p.dyPlane, walk, steps, s0, s1, s2, d, acc);
    }
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

  /** Adds a group's products for 4 filters and three taps to {@code acc} (tap-major). */
  private static void group4x3(float[] padded, float[] dyPadded, int plane, int[] walk,
      int steps, int s0, int s1, int s2, int d, float[] acc) {
    FloatVector a00 = FloatVector.fromArray(S, acc, 0 * L);
    FloatVector a01 = FloatVector.fromArray(S, acc, 1 * L);
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
    for (int k = 0; k < 2 * steps; k += 2) {
      int src = walk[k];
      int dy = walk[k + 1] + d;
      FloatVector x0 = FloatVector.fromArray(S, padded, src + s0);
      FloatVector x1 = FloatVector.fromArray(S, padded, src + s1);
      FloatVector x2 = FloatVector.fromArray(S, padded, src + s2);
      FloatVector d0 = FloatVector.fromArray(S, dyPadded, dy);
      a00 = d0.fma(x0, a00);
      a10 = d0.fma(x1, a10);
      a20 = d0.fma(x2, a20);
      FloatVector d1 = FloatVector.fromArray(S, dyPadded, dy + plane);
      a01 = d1.fma(x0, a01);
      a11 = d1.fma(x1, a11);
      a21 = d1.fma(x2, a21);
      FloatVector d2 = FloatVector.fromArray(S, dyPadded, dy + 2 * plane);
      a02 = d2.fma(x0, a02);
      a12 = d2.fma(x1, a12);
      a22 = d2.fma(x2, a22);
      FloatVector d3 = FloatVector.fromArray(S, dyPadded, dy + 3 * plane);
      a03 = d3.fma(x0, a03);
      a13 = d3.fma(x1, a13);
      a23 = d3.fma(x2, a23);
    }
    a00.intoArray(acc, 0 * L);
    a01.intoArray(acc, 1 * L);
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
  }

  /** Adds a group's products for 2 filters and three taps to {@code acc} (tap-major). */
  private static void group2x3(float[] padded, float[] dyPadded, int plane, int[] walk,
      int steps, int s0, int s1, int s2, int d, float[] acc) {
    FloatVector a00 = FloatVector.fromArray(S, acc, 0 * L);
    FloatVector a01 = FloatVector.fromArray(S, acc, 1 * L);
    FloatVector a10 = FloatVector.fromArray(S, acc, 2 * L);
    FloatVector a11 = FloatVector.fromArray(S, acc, 3 * L);
    FloatVector a20 = FloatVector.fromArray(S, acc, 4 * L);
    FloatVector a21 = FloatVector.fromArray(S, acc, 5 * L);
    for (int k = 0; k < 2 * steps; k += 2) {
      int src = walk[k];
      int dy = walk[k + 1] + d;
      FloatVector x0 = FloatVector.fromArray(S, padded, src + s0);
      FloatVector x1 = FloatVector.fromArray(S, padded, src + s1);
      FloatVector x2 = FloatVector.fromArray(S, padded, src + s2);
      FloatVector d0 = FloatVector.fromArray(S, dyPadded, dy);
      a00 = d0.fma(x0, a00);
      a10 = d0.fma(x1, a10);
      a20 = d0.fma(x2, a20);
      FloatVector d1 = FloatVector.fromArray(S, dyPadded, dy + plane);
      a01 = d1.fma(x0, a01);
      a11 = d1.fma(x1, a11);
      a21 = d1.fma(x2, a21);
    }
    a00.intoArray(acc, 0 * L);
    a01.intoArray(acc, 1 * L);
    a10.intoArray(acc, 2 * L);
    a11.intoArray(acc, 3 * L);
    a20.intoArray(acc, 4 * L);
    a21.intoArray(acc, 5 * L);
  }

  /** Adds a group's products for 1 filter and three taps to {@code acc} (tap-major). */
  private static void group1x3(float[] padded, float[] dyPadded, int plane, int[] walk,
      int steps, int s0, int s1, int s2, int d, float[] acc) {
    FloatVector a00 = FloatVector.fromArray(S, acc, 0 * L);
    FloatVector a10 = FloatVector.fromArray(S, acc, 1 * L);
    FloatVector a20 = FloatVector.fromArray(S, acc, 2 * L);
    for (int k = 0; k < 2 * steps; k += 2) {
      int src = walk[k];
      int dy = walk[k + 1] + d;
      FloatVector x0 = FloatVector.fromArray(S, padded, src + s0);
      FloatVector x1 = FloatVector.fromArray(S, padded, src + s1);
      FloatVector x2 = FloatVector.fromArray(S, padded, src + s2);
      FloatVector d0 = FloatVector.fromArray(S, dyPadded, dy);
      a00 = d0.fma(x0, a00);
      a10 = d0.fma(x1, a10);
      a20 = d0.fma(x2, a20);
    }
    a00.intoArray(acc, 0 * L);
    a10.intoArray(acc, 1 * L);
    a20.intoArray(acc, 2 * L);
  }
}
