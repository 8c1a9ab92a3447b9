package io.nabla.ops.kernel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where things sit in the padded buffers: an image's channels are planes of
 * {@code outH + kH − 1} rows of {@code width} floats, wide enough that a vector starting at any
 * output column plus any tap stays inside its row; the output gradient is stored with rows of
 * whole vectors, zero beyond {@code outW}, so lanes past the edge add nothing.
 */
final class DirectConvLayout {
  /** Layouts by geometry: a training step would otherwise rebuild every convolution's tables. */
  private static final Map<ConvGeometry, DirectConvLayout> MADE = new ConcurrentHashMap<>();
  private static final int MOST_KEPT = 256;

  final ConvGeometry g;
  final int lanes;
  final int rowVectors;
  final int width;
  final int plane;
  final int image;
  final int dyPlane;
  /** Offset of each tap {@code (c, ki, kj)} from an output position's top-left input. */
  final int[] taps;
  /**
   * The same offsets in {@code (ki, c, kj)} order, so that the taps of a range of kernel rows
   * are a range of this array (the forward pass skips rows that fall in the zero border).
   */
  final int[] rowTaps;

  /** The layout of {@code g} for vectors of {@code lanes} floats, made once and kept. */
  static DirectConvLayout of(ConvGeometry g, int lanes) {
    DirectConvLayout p = MADE.get(g);
    if (p == null || p.lanes != lanes) {
      if (MADE.size() >= MOST_KEPT) {
        MADE.clear(); // many batch sizes: start again rather than grow without bound
      }
      p = new DirectConvLayout(g, lanes);
      MADE.put(g, p);
    }
    return p;
  }

  private DirectConvLayout(ConvGeometry g, int lanes) {
    this.g = g;
    this.lanes = lanes;
    this.rowVectors = (g.outW() + lanes - 1) / lanes;
    this.width = rowVectors * lanes + g.kw() - 1;
    this.plane = (g.outH() + g.kh() - 1) * width;
    this.image = g.c() * plane;
    this.dyPlane = g.outH() * rowVectors * lanes;
    this.taps = new int[g.patch()];
    for (int t = 0; t < taps.length; t++) {
      taps[t] = tapOffset(t);
    }
    this.rowTaps = new int[g.patch()];
    for (int t = 0; t < taps.length; t++) {
      rowTaps[rowTap(t)] = taps[t];
    }
  }

  /** Where tap {@code (c, ki, kj)}, numbered in filter order, sits in {@link #rowTaps}. */
  int rowTap(int tap) {
    int kj = tap % g.kw();
    int ki = (tap / g.kw()) % g.kh();
    int c = tap / (g.kw() * g.kh());
    return (ki * g.c() + c) * g.kw() + kj;
  }

  /** Filters {@code [f, c, ki, kj]} copied into {@code into} in {@link #rowTaps} order. */
  void toRowTaps(float[] w, float[] into) {
    int patch = g.patch();
    for (int t = 0; t < patch; t++) {
      int to = rowTap(t);
      for (int f = 0; f < g.f(); f++) {
        into[f * patch + to] = w[f * patch + t];
      }
    }
  }

  /** The first of {@link #rowTaps} that reads a real row for output rows {@code oy, oy + 1}. */
  int firstRowTap(int oy) {
    return firstRowTap(oy, 2);
  }

  /** The first of {@link #rowTaps} that reads a real row for {@code rows} rows from {@code oy}. */
  int firstRowTap(int oy, int rows) {
    return Math.max(0, g.padTop() - oy - rows + 1) * g.c() * g.kw();
  }

  /** One past the last of {@link #rowTaps} that reads a real row for rows from {@code oy}. */
  int endRowTap(int oy) {
    return Math.max(0, Math.min(g.kh(), g.padTop() + g.h() - oy)) * g.c() * g.kw();
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
      System.arraycopy(dy, src + r * g.outW(), into, at + r * rowVectors * lanes, g.outW());
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
