package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;

/**
 * A 1×1 convolution of stride 1 without padding is a matrix product per image: the image
 * {@code [C, H·W]} already is its own patch matrix, so nothing is unfolded (im2col would copy
 * it). Each image's product runs whole on one thread ({@link GemmKernel#block}), the images
 * spread over the cores; one image alone is split by {@link Gemm}. The filter gradient sums
 * fixed groups of images, then the groups in order, so no result depends on the threads.
 */
final class PointwiseConv {
  /** Images whose filter-gradient products are summed together before the groups are added. */
  private static final int GROUP = 8;

  private PointwiseConv() {}

  /** Whether {@code g} is a 1×1 convolution of stride 1, without padding or groups. */
  static boolean applies(ConvGeometry g) {
    return g.kh() == 1 && g.kw() == 1 && g.strideH() == 1 && g.strideW() == 1
        && g.padTop() == 0 && g.padLeft() == 0 && g.outH() == g.h() && g.outW() == g.w()
        && g.groups() == 1;
  }

  /** {@code out[n] = w[F,C] · x[n][C,P] (+ bias)}. */
  static void forward(float[] x, float[] w, float[] bias, float[] out, ConvGeometry g) {
    int p = g.outPixels();
    int c = g.c();
    int f = g.f();
    if (g.n() == 1) {
      Gemm.multiply(w, 0, false, x, 0, false, out, 0, f, p, c);
      addBias(bias, out, 0, f, p);
      return;
    }
    GemmKernel kernel = Simd.gemm();
    Parallel.range(g.n(), 1, (from, to) -> {
      for (int i = from; i < to; i++) {
        kernel.block(w, 0, false, x, i * c * p, false, out, i * f * p, f, p, c, 0, f, 0, p,
            false);
        addBias(bias, out, i * f * p, f, p);
      }
    });
  }

  /** {@code dx[n] = wᵀ[C,F] · dy[n][F,P]}. */
  static void inputGrad(float[] dy, float[] w, float[] dx, ConvGeometry g) {
    int p = g.outPixels();
    int c = g.c();
    int f = g.f();
    if (g.n() == 1) {
      Gemm.multiply(w, 0, true, dy, 0, false, dx, 0, c, p, f);
      return;
    }
    GemmKernel kernel = Simd.gemm();
    Parallel.range(g.n(), 1, (from, to) -> {
      for (int i = from; i < to; i++) {
        kernel.block(w, 0, true, dy, i * f * p, false, dx, i * c * p, c, p, f, 0, c, 0, p,
            false);
      }
    });
  }

  /** {@code dw[F,C] = Σ_n dy[n][F,P] · x[n][C,P]ᵀ}. */
  static void filterGrad(float[] x, float[] dy, float[] dw, ConvGeometry g) {
    int p = g.outPixels();
    int c = g.c();
    int f = g.f();
    int size = f * c;
    int groups = (g.n() + GROUP - 1) / GROUP;
    float[] partial = Scratch.get(Scratch.PARTIAL, groups * size);
    GemmKernel kernel = Simd.gemm();
    Parallel.range(groups, 1, (from, to) -> {
      for (int gr = from; gr < to; gr++) {
        int last = Math.min(g.n(), (gr + 1) * GROUP);
        for (int i = gr * GROUP; i < last; i++) {
          kernel.block(dy, i * f * p, false, x, i * c * p, true, partial, gr * size, f, c, p,
              0, f, 0, c, i > gr * GROUP);
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

  private static void addBias(float[] bias, float[] out, int off, int f, int p) {
    if (bias == null) {
      return;
    }
    for (int k = 0; k < f; k++) {
      float b = bias[k];
      int o = off + k * p;
      for (int q = 0; q < p; q++) {
        out[o + q] += b;
      }
    }
  }
}
