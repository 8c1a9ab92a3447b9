package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;
import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation): runs the kernel {@link ConvPlanner} chooses for each pass,
 * and holds the general one, lowered to matrix products over many images at once: a chunk of the
 * batch is unfolded into one {@code [C/groups·kH·kW, images·outH·outW]} matrix of patches
 * (im2col), which the filters multiply in a single wide product; the input gradient folds patches
 * back (col2im). Unfolding and folding run in parallel over the images; the products over C's
 * columns.
 */
public final class ConvKernel {
  /**
   * Floats of unfolded patches per chunk of images (4 MB): small enough that the patches are
   * still in cache when the product reads them (measured: +20–30% inference over 32 MB chunks).
   */
  static volatile int maxColumnsFloats = 1 << 20;
  /**
   * Largest {@code C·kH·kW} the planner convolves directly when it has the choice (tests lower
   * it to force the unfolded path).
   */
  static volatile int maxDirectPatch = Integer.getInteger("nabla.conv.directPatch", 400);

  private ConvKernel() {}

  /** Images unfolded together, so the patch matrix stays within its budget. */
  private static int chunk(ConvGeometry g) {
    long perImage = (long) g.patch() * g.outPixels();
    return (int) Math.max(1, Math.min(g.n(), maxColumnsFloats / Math.max(1, perImage)));
  }

  /** {@code out[n,f] = Σ_c w[f,c] ⋆ x[n,c] (+ bias[f])}; {@code bias} may be null. */
  public static void forward(float[] x, float[] w, float[] bias, float[] out, ConvGeometry g) {
    ConvAlgorithm kernel = ConvPlanner.choose(g, ConvPlanner.Pass.FORWARD);
    if (kernel.direct()) {
      Simd.directConv().forward(kernel, x, w, bias, out, g);
    } else if (kernel == ConvAlgorithm.POINTWISE_GEMM) {
      PointwiseConv.forward(x, w, bias, out, g);
    } else {
      unfoldedForward(x, w, bias, out, g);
    }
  }

  /** {@code dx = Σ_f w[f]ᵀ ⋆ dy[f]}: each output gradient spread back over its patch. */
  public static void inputGrad(float[] dy, float[] w, float[] dx, ConvGeometry g) {
    ConvAlgorithm kernel = ConvPlanner.choose(g, ConvPlanner.Pass.INPUT_GRAD);
    if (kernel.direct()) {
      // the input gradient is the convolution of dy, padded by the rest of the kernel, with
      // the filters rotated by 180° and their in/out channels swapped
      float[] flipped = Scratch.get(Scratch.FLIPPED, w.length);
      int k = g.kh() * g.kw();
      for (int f = 0; f < g.f(); f++) {
        for (int c = 0; c < g.c(); c++) {
          for (int t = 0; t < k; t++) {
            flipped[(c * g.f() + f) * k + (k - 1 - t)] = w[(f * g.c() + c) * k + t];
          }
        }
      }
      Simd.directConv().forward(kernel, dy, flipped, null, dx, ConvPlanner.backward(g));
    } else if (kernel == ConvAlgorithm.POINTWISE_GEMM) {
      PointwiseConv.inputGrad(dy, w, dx, g);
    } else {
      unfoldedInputGrad(dy, w, dx, g);
    }
  }

  /** {@code dw[f,c] = Σ_n dy[n,f] ⋆ x[n,c]}: summed over the whole batch. */
  public static void filterGrad(float[] x, float[] dy, float[] dw, ConvGeometry g) {
    ConvAlgorithm kernel = ConvPlanner.choose(g, ConvPlanner.Pass.FILTER_GRAD);
    if (kernel.direct()) {
      Simd.directConv().filterGrad(kernel, x, dy, dw, g);
    } else if (kernel == ConvAlgorithm.POINTWISE_GEMM) {
      PointwiseConv.filterGrad(x, dy, dw, g);
    } else {
      unfoldedFilterGrad(x, dy, dw, g);
    }
  }

  private static void unfoldedForward(float[] x, float[] w, float[] bias, float[] out,
      ConvGeometry g) {
    int pixels = g.outPixels();
    int chw = g.c() * g.h() * g.w();
    int fhw = g.f() * pixels;
    int chunk = chunk(g);
    float[] col = Scratch.get(Scratch.PATCHES, g.patch() * chunk * pixels);
    float[] product = Scratch.get(Scratch.PRODUCT, g.fg() * chunk * pixels);
    for (int n0 = 0; n0 < g.n(); n0 += chunk) {
      int images = Math.min(chunk, g.n() - n0);
      int cols = images * pixels;
      int first = n0;
      for (int gr = 0; gr < g.groups(); gr++) {
        int group = gr;
        unfold(x, g, first, images, group, col);
        Gemm.multiply(w, gr * g.fg() * g.patch(), false, col, 0, false, product, 0, g.fg(),
            cols, g.patch());
        Parallel.range(images, 1, (from, to) -> {
          for (int i = from; i < to; i++) {
            for (int f = 0; f < g.fg(); f++) {
              int filter = group * g.fg() + f;
              int o = (first + i) * fhw + filter * pixels;
              System.arraycopy(product, f * cols + i * pixels, out, o, pixels);
              if (bias != null) {
                float b = bias[filter];
                for (int p = 0; p < pixels; p++) {
                  out[o + p] += b;
                }
              }
            }
          }
        });
      }
    }
  }

  private static void unfoldedInputGrad(float[] dy, float[] w, float[] dx, ConvGeometry g) {
    int pixels = g.outPixels();
    int chw = g.c() * g.h() * g.w();
    int chunk = chunk(g);
    float[] gathered = Scratch.get(Scratch.PRODUCT, g.fg() * chunk * pixels);
    float[] col = Scratch.get(Scratch.PATCHES, g.patch() * chunk * pixels);
    for (int n0 = 0; n0 < g.n(); n0 += chunk) {
      int images = Math.min(chunk, g.n() - n0);
      int cols = images * pixels;
      int first = n0;
      Arrays.fill(dx, first * chw, (first + images) * chw, 0f);
      for (int gr = 0; gr < g.groups(); gr++) {
        int group = gr;
        gather(dy, g, first, images, group, gathered);
        Gemm.multiply(w, gr * g.fg() * g.patch(), true, gathered, 0, false, col, 0, g.patch(),
            cols, g.fg());
        Parallel.range(images, 1, (from, to) -> {
          for (int i = from; i < to; i++) {
            col2im(col, g, i * pixels, cols, dx,
                (first + i) * chw + group * g.cg() * g.h() * g.w());
          }
        });
      }
    }
  }

  /** One wide product per chunk of images. */
  private static void unfoldedFilterGrad(float[] x, float[] dy, float[] dw, ConvGeometry g) {
    int pixels = g.outPixels();
    int chw = g.c() * g.h() * g.w();
    int chunk = chunk(g);
    float[] col = Scratch.get(Scratch.PATCHES, g.patch() * chunk * pixels);
    float[] gathered = Scratch.get(Scratch.PRODUCT, g.fg() * chunk * pixels);
    for (int n0 = 0; n0 < g.n(); n0 += chunk) {
      int images = Math.min(chunk, g.n() - n0);
      int cols = images * pixels;
      int first = n0;
      for (int gr = 0; gr < g.groups(); gr++) {
        int group = gr;
        unfold(x, g, first, images, group, col);
        gather(dy, g, first, images, group, gathered);
        Gemm.multiply(gathered, 0, false, col, 0, true, dw, gr * g.fg() * g.patch(), g.fg(),
            g.patch(), cols, n0 > 0);
      }
    }
  }

  /** Unfolds one group of a chunk of images into {@code col [patch, images·pixels]}. */
  private static void unfold(float[] x, ConvGeometry g, int first, int images, int group,
      float[] col) {
    int pixels = g.outPixels();
    int cols = images * pixels;
    int chw = g.c() * g.h() * g.w();
    Parallel.range(images, 1, (from, to) -> {
      for (int i = from; i < to; i++) {
        im2col(x, (first + i) * chw + group * g.cg() * g.h() * g.w(), g, col, i * pixels, cols);
      }
    });
  }

  /** {@code dy} of one group for a chunk of images, as {@code [filters, images·pixels]}. */
  private static void gather(float[] dy, ConvGeometry g, int first, int images, int group,
      float[] into) {
    int pixels = g.outPixels();
    int cols = images * pixels;
    int fhw = g.f() * pixels;
    Parallel.range(images, 1, (from, to) -> {
      for (int i = from; i < to; i++) {
        for (int f = 0; f < g.fg(); f++) {
          System.arraycopy(dy, (first + i) * fhw + (group * g.fg() + f) * pixels, into,
              f * cols + i * pixels, pixels);
        }
      }
    });
  }

  /**
   * Unfolds one group of one image into rows of {@code col}: row {@code (c·kH + ki)·kW + kj}
   * starts at {@code colOff + row·rowStride} and holds the {@code outH·outW} pixels.
   */
  static void im2col(float[] x, int xOff, ConvGeometry g, float[] col, int colOff,
      int rowStride) {
    int outW = g.outW();
    int sw = g.strideW();
    for (int c = 0; c < g.cg(); c++) {
      for (int ki = 0; ki < g.kh(); ki++) {
        for (int kj = 0; kj < g.kw(); kj++) {
          int row = colOff + ((c * g.kh() + ki) * g.kw() + kj) * rowStride;
          int dx = kj * g.dilationW() - g.padLeft();
          int first = firstInside(dx, sw, outW);
          int last = lastInside(dx, sw, outW, g.w(), first);
          for (int oy = 0; oy < g.outH(); oy++) {
            int iy = oy * g.strideH() - g.padTop() + ki * g.dilationH();
            int dst = row + oy * outW;
            if (iy < 0 || iy >= g.h()) {
              Arrays.fill(col, dst, dst + outW, 0f);
              continue;
            }
            int src = xOff + (c * g.h() + iy) * g.w() + dx;
            // the padding columns are few: a plain loop beats a call to Arrays.fill
            for (int t = dst; t < dst + first; t++) {
              col[t] = 0f;
            }
            if (sw == 1) {
              System.arraycopy(x, src + first, col, dst + first, last - first);
            } else {
              for (int ox = first; ox < last; ox++) {
                col[dst + ox] = x[src + ox * sw];
              }
            }
            for (int t = dst + last; t < dst + outW; t++) {
              col[t] = 0f;
            }
          }
        }
      }
    }
  }

  /** The first output column whose input column {@code ox·sw + dx} is inside the image. */
  private static int firstInside(int dx, int sw, int outW) {
    return Math.min(outW, dx >= 0 ? 0 : (-dx + sw - 1) / sw);
  }

  /** One past the last output column whose input column lies inside an image {@code w} wide. */
  private static int lastInside(int dx, int sw, int outW, int w, int first) {
    return Math.max(first, Math.min(outW, (w - dx + sw - 1) / sw));
  }

  /** Adds patches back onto the image they came from: the adjoint of {@link #im2col}. */
  static void col2im(float[] col, ConvGeometry g, int colOff, int rowStride, float[] x,
      int xOff) {
    int outW = g.outW();
    int sw = g.strideW();
    for (int c = 0; c < g.cg(); c++) {
      for (int ki = 0; ki < g.kh(); ki++) {
        for (int kj = 0; kj < g.kw(); kj++) {
          int row = colOff + ((c * g.kh() + ki) * g.kw() + kj) * rowStride;
          int dx = kj * g.dilationW() - g.padLeft();
          int first = firstInside(dx, sw, outW);
          int last = lastInside(dx, sw, outW, g.w(), first);
          for (int oy = 0; oy < g.outH(); oy++) {
            int iy = oy * g.strideH() - g.padTop() + ki * g.dilationH();
            if (iy < 0 || iy >= g.h()) {
              continue;
            }
            int src = row + oy * outW;
            int dst = xOff + (c * g.h() + iy) * g.w() + dx;
            if (sw == 1) {
              for (int ox = first; ox < last; ox++) {
                x[dst + ox] += col[src + ox];
              }
            } else {
              for (int ox = first; ox < last; ox++) {
                x[dst + ox * sw] += col[src + ox];
              }
            }
          }
        }
      }
    }
  }
}
