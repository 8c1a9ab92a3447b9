package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The filter gradient of {@link VectorDirectConv} with the filters across the lanes, where
 * {@link VectorFilterLanesForward} runs the forward pass and the kernel is
 * {@value #TILE} wide: {@code dw[c, ki, kj]} for a vector of filters sums
 * {@code dy[n, y, x] · x[n, c, y + ki, x + kj]} with {@code dy} read filter-minor. A tile of
 * {@value #TILE} output columns meets nine image values per kernel row, each broadcast once and
 * multiplied with every output gradient it meets (25 FMAs for five loads and nine broadcasts).
 * Images are summed in fixed groups, then the groups in order: the result does not depend on
 * the threads.
 */
final class VectorFilterLanesFilterGrad {
  private static final VectorSpecies<Float> S = VectorWidth.S;
  private static final int L = S.length();
  private static final int TILE = VectorFilterLanesForward.TILE;
  private static final int GROUP = 8;

  private VectorFilterLanesFilterGrad() {}

  /** Where it applies: as the forward pass, a kernel {@value #TILE} wide, tiles inside a row. */
  static boolean applies(ConvGeometry g) {
    int width = (g.outW() + L - 1) / L * L + g.kw() - 1; // DirectConvLayout's padded width
    return VectorFilterLanesForward.applies(g) && g.kw() == TILE
        && tiledWidth(g) + g.kw() - 1 <= width;
  }

  /** Output columns rounded up to whole tiles; the gradient is zero past the row. */
  private static int tiledWidth(ConvGeometry g) {
    return (g.outW() + TILE - 1) / TILE * TILE;
  }

  /** {@code dw[f,c] = Σ_n dy[n,f] ⋆ x[n,c]}. */
  static void run(float[] x, float[] dy, float[] dw, ConvGeometry g) {
    DirectConvLayout p = DirectConvLayout.of(g, L);
    int f = g.f();
    int size = f * g.patch();
    int groups = (g.n() + GROUP - 1) / GROUP;
    float[] partial = Scratch.get(Scratch.PARTIAL, groups * size);
    int chw = g.c() * g.h() * g.w();
    int tiled = tiledWidth(g);
    int dyImage = g.outH() * tiled * f;
    Parallel.range(groups, 1, (from, to) -> {
      float[] padded = Scratch.get(Scratch.PADDED, GROUP * p.image + L);
      float[] lanes = Scratch.get(Scratch.DY_PADDED, GROUP * dyImage);
      float[] acc = Scratch.get(Scratch.ACC, TILE * L);
      Arrays.fill(padded, 0, GROUP * p.image + L, 0f);
      Arrays.fill(lanes, 0, GROUP * dyImage, 0f);
      for (int gr = from; gr < to; gr++) {
        int first = gr * GROUP;
        int images = Math.min(GROUP, g.n() - first);
        for (int i = 0; i < images; i++) {
          p.pad(x, (first + i) * chw, padded, i * p.image);
          filtersAcrossLanes(dy, first + i, g, tiled, lanes, i * dyImage);
        }
        for (int block = 0; block < f / L; block++) {
          for (int row = 0; row < g.c() * g.kh(); row++) {
            kernelRow(padded, lanes, p, images, block, row, tiled, acc);
            for (int kj = 0; kj < TILE; kj++) {
              for (int j = 0; j < L; j++) {
                partial[gr * size + (block * L + j) * g.patch() + row * TILE + kj] =
                    acc[kj * L + j];
              }
            }
          }
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

  /** {@code dy[n]} as {@code [y][x][f]}, rows {@code tiled} positions long. */
  private static void filtersAcrossLanes(float[] dy, int n, ConvGeometry g, int tiled,
      float[] into, int at) {
    int f = g.f();
    int pixels = g.outPixels();
    int src = n * f * pixels;
    for (int y = 0; y < g.outH(); y++) {
      for (int xx = 0; xx < g.outW(); xx++) {
        int dst = at + (y * tiled + xx) * f;
        int q = src + y * g.outW() + xx;
        for (int k = 0; k < f; k++) {
          into[dst + k] = dy[q + k * pixels];
        }
      }
    }
  }

  /**
   * The gradients of kernel row {@code row = (c, ki)}, all {@value #TILE} columns, for filter
   * block {@code block}, summed over the group's images into {@code acc}: one flat loop over
   * the images' output rows and tiles.
   */
  private static void kernelRow(float[] padded, float[] lanes, DirectConvLayout p, int images,
      int block, int row, int tiled, float[] acc) {
    ConvGeometry g = p.g;
    int f = g.f();
    int tilesPerRow = tiled / TILE;
    int rowStart = p.taps[row * TILE];
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector a4 = a0;
    int image = 0;
    int y = 0;
    int tile = 0;
    for (int k = images * g.outH() * tilesPerRow; k > 0; k--) {
      int d = image * g.outH() * tiled * f + (y * tiled + tile * TILE) * f + block * L;
      int s = image * p.image + rowStart + y * p.width + tile * TILE;
      FloatVector d0 = FloatVector.fromArray(S, lanes, d);
      FloatVector d1 = FloatVector.fromArray(S, lanes, d + f);
      FloatVector d2 = FloatVector.fromArray(S, lanes, d + 2 * f);
      FloatVector d3 = FloatVector.fromArray(S, lanes, d + 3 * f);
      FloatVector d4 = FloatVector.fromArray(S, lanes, d + 4 * f);
      FloatVector v = FloatVector.broadcast(S, padded[s]);
      a0 = d0.fma(v, a0);
      v = FloatVector.broadcast(S, padded[s + 1]);
      a0 = d1.fma(v, a0);
      a1 = d0.fma(v, a1);
      v = FloatVector.broadcast(S, padded[s + 2]);
      a0 = d2.fma(v, a0);
      a1 = d1.fma(v, a1);
      a2 = d0.fma(v, a2);
      v = FloatVector.broadcast(S, padded[s + 3]);
      a0 = d3.fma(v, a0);
      a1 = d2.fma(v, a1);
      a2 = d1.fma(v, a2);
      a3 = d0.fma(v, a3);
      v = FloatVector.broadcast(S, padded[s + 4]);
      a0 = d4.fma(v, a0);
      a1 = d3.fma(v, a1);
      a2 = d2.fma(v, a2);
      a3 = d1.fma(v, a3);
      a4 = d0.fma(v, a4);
      v = FloatVector.broadcast(S, padded[s + 5]);
      a1 = d4.fma(v, a1);
      a2 = d3.fma(v, a2);
      a3 = d2.fma(v, a3);
      a4 = d1.fma(v, a4);
      v = FloatVector.broadcast(S, padded[s + 6]);
      a2 = d4.fma(v, a2);
      a3 = d3.fma(v, a3);
      a4 = d2.fma(v, a4);
      v = FloatVector.broadcast(S, padded[s + 7]);
      a3 = d4.fma(v, a3);
      a4 = d3.fma(v, a4);
      a4 = d4.fma(FloatVector.broadcast(S, padded[s + 8]), a4);
      if (++tile == tilesPerRow) {
        tile = 0;
        if (++y == g.outH()) {
          y = 0;
          image++;
        }
      }
    }
    a0.intoArray(acc, 0);
    a1.intoArray(acc, L);
    a2.intoArray(acc, 2 * L);
    a3.intoArray(acc, 3 * L);
    a4.intoArray(acc, 4 * L);
  }
}
