package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;
import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation) lowered to matrix products: each image is unfolded into a
 * {@code [C/groups·kH·kW, outH·outW]} matrix of patches (im2col), which the filters multiply;
 * the input gradient folds patches back (col2im). Parallel over the images of the batch.
 */
public final class ConvKernel {
  private ConvKernel() {}

  /** {@code out[n,f] = Σ_c w[f,c] ⋆ x[n,c] (+ bias[f])}; {@code bias} may be null. */
  public static void forward(float[] x, float[] w, float[] bias, float[] out, ConvGeometry g) {
    int chw = g.c() * g.h() * g.w();
    int pixels = g.outPixels();
    int fhw = g.f() * pixels;
    Parallel.range(g.n(), 1, (from, to) -> {
      float[] col = new float[g.patch() * pixels];
      for (int i = from; i < to; i++) {
        for (int gr = 0; gr < g.groups(); gr++) {
          im2col(x, i * chw + gr * g.cg() * g.h() * g.w(), g, col);
          Gemm.multiply(w, gr * g.fg() * g.patch(), false, col, 0, false,
              out, i * fhw + gr * g.fg() * pixels, g.fg(), pixels, g.patch());
        }
        if (bias != null) {
          for (int f = 0; f < g.f(); f++) {
            int o = i * fhw + f * pixels;
            float b = bias[f];
            for (int p = 0; p < pixels; p++) {
              out[o + p] += b;
            }
          }
        }
      }
    });
  }

  /** {@code dx = Σ_f w[f]ᵀ ⋆ dy[f]}: each output gradient spread back over its patch. */
  public static void inputGrad(float[] dy, float[] w, float[] dx, ConvGeometry g) {
    int chw = g.c() * g.h() * g.w();
    int pixels = g.outPixels();
    int fhw = g.f() * pixels;
    Parallel.range(g.n(), 1, (from, to) -> {
      float[] col = new float[g.patch() * pixels];
      for (int i = from; i < to; i++) {
        Arrays.fill(dx, i * chw, (i + 1) * chw, 0f);
        for (int gr = 0; gr < g.groups(); gr++) {
          Gemm.multiply(w, gr * g.fg() * g.patch(), true, dy, i * fhw + gr * g.fg() * pixels,
              false, col, 0, g.patch(), pixels, g.fg());
          col2im(col, g, dx, i * chw + gr * g.cg() * g.h() * g.w());
        }
      }
    });
  }

  /** {@code dw[f,c] = Σ_n dy[n,f] ⋆ x[n,c]}: summed over the batch in per-thread partials. */
  public static void filterGrad(float[] x, float[] dy, float[] dw, ConvGeometry g) {
    int chw = g.c() * g.h() * g.w();
    int pixels = g.outPixels();
    int fhw = g.f() * pixels;
    int size = g.f() * g.patch();
    int chunks = Math.max(1, Math.min(g.n(), Parallel.threads()));
    float[][] partial = new float[chunks][size];
    Parallel.range(chunks, 1, (from, to) -> {
      float[] col = new float[g.patch() * pixels];
      for (int ch = from; ch < to; ch++) {
        int first = (int) ((long) g.n() * ch / chunks);
        int last = (int) ((long) g.n() * (ch + 1) / chunks);
        for (int i = first; i < last; i++) {
          for (int gr = 0; gr < g.groups(); gr++) {
            im2col(x, i * chw + gr * g.cg() * g.h() * g.w(), g, col);
            Gemm.multiply(dy, i * fhw + gr * g.fg() * pixels, false, col, 0, true,
                partial[ch], gr * g.fg() * g.patch(), g.fg(), g.patch(), pixels, true);
          }
        }
      }
    });
    System.arraycopy(partial[0], 0, dw, 0, size);
    for (int ch = 1; ch < chunks; ch++) {
      float[] p = partial[ch];
      for (int i = 0; i < size; i++) {
        dw[i] += p[i];
      }
    }
  }

  /** Unfolds one group of one image into {@code col[(c·kH + ki)·kW + kj][oy·outW + ox]}. */
  static void im2col(float[] x, int xOff, ConvGeometry g, float[] col) {
    int pixels = g.outPixels();
    int outW = g.outW();
    int sw = g.strideW();
    for (int c = 0; c < g.cg(); c++) {
      for (int ki = 0; ki < g.kh(); ki++) {
        for (int kj = 0; kj < g.kw(); kj++) {
          int row = ((c * g.kh() + ki) * g.kw() + kj) * pixels;
          int dx = kj * g.dilationW() - g.padLeft();
          // the output columns whose input column ox·sw + dx lies inside the image
          int first = Math.min(outW, dx >= 0 ? 0 : (-dx + sw - 1) / sw);
          int last = Math.max(first, Math.min(outW, (g.w() - dx + sw - 1) / sw));
          for (int oy = 0; oy < g.outH(); oy++) {
            int iy = oy * g.strideH() - g.padTop() + ki * g.dilationH();
            int dst = row + oy * outW;
            if (iy < 0 || iy >= g.h()) {
              Arrays.fill(col, dst, dst + outW, 0f);
              continue;
            }
            int src = xOff + (c * g.h() + iy) * g.w() + dx;
            if (first > 0) {
              Arrays.fill(col, dst, dst + first, 0f);
            }
            if (sw == 1) {
              System.arraycopy(x, src + first, col, dst + first, last - first);
            } else {
              for (int ox = first; ox < last; ox++) {
                col[dst + ox] = x[src + ox * sw];
              }
            }
            if (last < outW) {
              Arrays.fill(col, dst + last, dst + outW, 0f);
            }
          }
        }
      }
    }
  }

  /** Adds patches back onto the image they came from: the adjoint of {@link #im2col}. */
  static void col2im(float[] col, ConvGeometry g, float[] x, int xOff) {
    int pixels = g.outPixels();
    int outW = g.outW();
    int sw = g.strideW();
    for (int c = 0; c < g.cg(); c++) {
      for (int ki = 0; ki < g.kh(); ki++) {
        for (int kj = 0; kj < g.kw(); kj++) {
          int row = ((c * g.kh() + ki) * g.kw() + kj) * pixels;
          int dx = kj * g.dilationW() - g.padLeft();
          int first = Math.min(outW, dx >= 0 ? 0 : (-dx + sw - 1) / sw);
          int last = Math.max(first, Math.min(outW, (g.w() - dx + sw - 1) / sw));
          for (int oy = 0; oy < g.outH(); oy++) {
            int iy = oy * g.strideH() - g.padTop() + ki * g.dilationH();
            if (iy < 0 || iy >= g.h()) {
              continue;
            }
            int src = row + oy * outW;
            int dst = xOff + (c * g.h() + iy) * g.w() + dx;
            for (int ox = first; ox < last; ox++) {
              x[dst + ox * sw] += col[src + ox];
            }
          }
        }
      }
    }
  }
}
