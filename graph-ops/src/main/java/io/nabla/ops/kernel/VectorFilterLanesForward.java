package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass of {@link VectorDirectConv} with the filters across the lanes, for narrow
 * outputs and a whole number of vectors of filters (LeNet's second convolution: 16 filters,
 * rows of 10). A vector of columns would leave lanes idle past the end of each row (6 of 16
 * there); a vector of filters is always full. Each step multiplies one weight vector by one
 * image value per output position of a tile of two rows by {@value #TILE} columns; positions
 * are written filter-minor to a scratch row, then transposed to the output's layout.
 */
final class VectorFilterLanesForward {
  private static final VectorSpecies<Float> S = VectorWidth.S;
  private static final int L = S.length();
  /** Columns per tile; a last tile that would pass the row's end is moved back to fit. */
  static final int TILE = 5;

  private VectorFilterLanesForward() {}

  /**
   * Whether filters across the lanes waste fewer lanes than columns do: the filters fill whole
   * vectors and a vector of columns would be at most three quarters used.
   */
  static boolean applies(ConvGeometry g) {
    int columnLanes = (g.outW() + L - 1) / L * L;
    return g.f() % L == 0 && g.outW() >= TILE && 4 * g.outW() <= 3 * columnLanes;
  }

  /** {@code out[n,f] = Σ_c w[f,c] ⋆ x[n,c] (+ bias[f])}; {@code bias} may be null. */
  static void run(float[] x, float[] w, float[] bias, float[] out, ConvGeometry g) {
    DirectConvLayout p = DirectConvLayout.of(g, L);
    int patch = g.patch();
    int f = g.f();
    // weights tap-major, filters across the lanes: lanes[(block·patch + t)·L + j] = w[block·L+j, t]
    float[] lanes = Scratch.get(Scratch.FILTER_LANES, f * patch + f);
    for (int filter = 0; filter < f; filter++) {
      int block = filter / L;
      int j = filter % L;
      for (int t = 0; t < patch; t++) {
        lanes[(block * patch + t) * L + j] = w[filter * patch + t];
      }
      lanes[f * patch + filter] = bias == null ? 0f : bias[filter];
    }
    int chw = g.c() * g.h() * g.w();
    int pixels = g.outPixels();
    Parallel.range(g.n(), 1, (from, to) -> {
      float[] padded = Scratch.get(Scratch.PADDED, p.image + p.width + L);
      float[] positions = Scratch.get(Scratch.ROW_TAIL, (g.outH() + 1) * g.outW() * f);
      Arrays.fill(padded, 0, p.image + p.width + L, 0f);
      for (int i = from; i < to; i++) {
        p.pad(x, i * chw, padded, 0);
        for (int block = 0; block < f / L; block++) {
          for (int oy = 0; oy < g.outH(); oy += 2) {
            for (int ox = 0; ox < g.outW(); ox += TILE) {
              int x0 = Math.min(ox, g.outW() - TILE);
              int at = oy * p.width + x0;
              int dst = (oy * g.outW() + x0) * f + block * L;
              if (g.kw() == TILE) {
                // one output row per call: both rows in one method were too big for C2 to
                // inline every vector operation, and the rest were boxed (100 GB per run)
                rowOfTile(padded, p, lanes, block, at, positions, dst);
                rowOfTile(padded, p, lanes, block, at + p.width, positions,
                    dst + g.outW() * f);
              } else {
                tile(padded, p, lanes, block, at, positions, dst);
              }
            }
          }
        }
        int o = i * f * pixels;
        for (int q = 0; q < pixels; q++) {
          for (int k = 0; k < f; k++) {
            out[o + k * pixels + q] = positions[q * f + k];
          }
        }
      }
    });
  }

  /**
   * Filters {@code block·L…} at output rows {@code at / width} and the one below, columns
   * {@code at % width…+TILE−1}; the second row of a last odd row is computed and dropped (it
   * lands in the scratch row's spare row).
   */
  private static void tile(float[] padded, DirectConvLayout p, float[] lanes, int block, int at,
      float[] positions, int dst) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    int width = p.width;
    int step = g.f();
    int below = g.outW() * step;
    FloatVector b = FloatVector.fromArray(S, lanes, g.f() * patch + block * L);
    FloatVector a00 = b;
    FloatVector a01 = b;
    FloatVector a02 = b;
    FloatVector a03 = b;
    FloatVector a04 = b;
    FloatVector a10 = b;
    FloatVector a11 = b;
    FloatVector a12 = b;
    FloatVector a13 = b;
    FloatVector a14 = b;
    int[] taps = p.taps;
    int w0 = block * patch * L;
    for (int t = 0; t < patch; t++) {
      FloatVector wv = FloatVector.fromArray(S, lanes, w0 + t * L);
      int s = at + taps[t];
      a00 = wv.fma(FloatVector.broadcast(S, padded[s]), a00);
      a01 = wv.fma(FloatVector.broadcast(S, padded[s + 1]), a01);
      a02 = wv.fma(FloatVector.broadcast(S, padded[s + 2]), a02);
      a03 = wv.fma(FloatVector.broadcast(S, padded[s + 3]), a03);
      a04 = wv.fma(FloatVector.broadcast(S, padded[s + 4]), a04);
      a10 = wv.fma(FloatVector.broadcast(S, padded[s + width]), a10);
      a11 = wv.fma(FloatVector.broadcast(S, padded[s + width + 1]), a11);
      a12 = wv.fma(FloatVector.broadcast(S, padded[s + width + 2]), a12);
      a13 = wv.fma(FloatVector.broadcast(S, padded[s + width + 3]), a13);
      a14 = wv.fma(FloatVector.broadcast(S, padded[s + width + 4]), a14);
    }
    a00.intoArray(positions, dst);
    a01.intoArray(positions, dst + step);
    a02.intoArray(positions, dst + 2 * step);
    a03.intoArray(positions, dst + 3 * step);
    a04.intoArray(positions, dst + 4 * step);
    a10.intoArray(positions, dst + below);
    a11.intoArray(positions, dst + below + step);
    a12.intoArray(positions, dst + below + 2 * step);
    a13.intoArray(positions, dst + below + 3 * step);
    a14.intoArray(positions, dst + below + 4 * step);
  }

  /**
   * One output row of {@link #tile} for kernels {@value #TILE} wide, a kernel row at a time:
   * each image value is broadcast once and multiplied by every weight vector of the row that
   * meets it (nine values and five weights feed 25 FMAs, where tap by tap one value feeds one),
   * as broadcasting had become the limit.
   */
  private static void rowOfTile(float[] padded, DirectConvLayout p, float[] lanes, int block,
      int at, float[] positions, int dst) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    int step = g.f();
    FloatVector a0 = FloatVector.fromArray(S, lanes, g.f() * patch + block * L);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector a4 = a0;
    int[] taps = p.taps;
    int w = block * patch * L;
    for (int t = 0; t < patch; t += TILE, w += TILE * L) {
      FloatVector w0 = FloatVector.fromArray(S, lanes, w);
      FloatVector w1 = FloatVector.fromArray(S, lanes, w + L);
      FloatVector w2 = FloatVector.fromArray(S, lanes, w + 2 * L);
      FloatVector w3 = FloatVector.fromArray(S, lanes, w + 3 * L);
      FloatVector w4 = FloatVector.fromArray(S, lanes, w + 4 * L);
      int s = at + taps[t];
      FloatVector v = FloatVector.broadcast(S, padded[s]);
      a0 = w0.fma(v, a0);
      v = FloatVector.broadcast(S, padded[s + 1]);
      a0 = w1.fma(v, a0);
      a1 = w0.fma(v, a1);
      v = FloatVector.broadcast(S, padded[s + 2]);
      a0 = w2.fma(v, a0);
      a1 = w1.fma(v, a1);
      a2 = w0.fma(v, a2);
      v = FloatVector.broadcast(S, padded[s + 3]);
      a0 = w3.fma(v, a0);
      a1 = w2.fma(v, a1);
      a2 = w1.fma(v, a2);
      a3 = w0.fma(v, a3);
      v = FloatVector.broadcast(S, padded[s + 4]);
      a0 = w4.fma(v, a0);
      a1 = w3.fma(v, a1);
      a2 = w2.fma(v, a2);
      a3 = w1.fma(v, a3);
      a4 = w0.fma(v, a4);
      v = FloatVector.broadcast(S, padded[s + 5]);
      a1 = w4.fma(v, a1);
      a2 = w3.fma(v, a2);
      a3 = w2.fma(v, a3);
      a4 = w1.fma(v, a4);
      v = FloatVector.broadcast(S, padded[s + 6]);
      a2 = w4.fma(v, a2);
      a3 = w3.fma(v, a3);
      a4 = w2.fma(v, a4);
      v = FloatVector.broadcast(S, padded[s + 7]);
      a3 = w4.fma(v, a3);
      a4 = w3.fma(v, a4);
      a4 = w4.fma(FloatVector.broadcast(S, padded[s + 8]), a4);
    }
    a0.intoArray(positions, dst);
    a1.intoArray(positions, dst + step);
    a2.intoArray(positions, dst + 2 * step);
    a3.intoArray(positions, dst + 3 * step);
    a4.intoArray(positions, dst + 4 * step);
  }
}
