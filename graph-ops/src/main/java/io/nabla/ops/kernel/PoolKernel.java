package io.nabla.ops.kernel;

import com.google.common.base.Preconditions;
import io.nabla.core.exec.Parallel;
import java.util.Arrays;

/**
 * Max and average pooling over the two spatial axes of NCHW arrays, with their adjoints. Every
 * {@code [H,W]} plane (one channel of one example) is independent, so the work is split over
 * the {@code N·C} planes; a window is clipped to the input, which is how padding is honoured
 * without materialising a padded copy. Every method overwrites its whole output, since the
 * executor hands out recycled buffers.
 *
 * <p>The max kernels share one tie rule: a window's winner is its first maximum in row-major
 * order (a NaN wins over any number, the first NaN over later ones), so the forward, the
 * routing of the gradient and its adjoint always agree on the same pixel.
 */
public final class PoolKernel {
  /** Window reads per parallel chunk below which the planes stay on one thread. */
  private static final int GRAIN_READS = 1 << 15;

  private PoolKernel() {}

  /**
   * The geometry of one pooling: {@code planes = N·C} planes of {@code inH × inW} pooled to
   * {@code outH × outW} by a {@code kernelH × kernelW} window moving by the strides, the input
   * shifted by {@code padTop} and {@code padLeft}. Every window must cover at least one input
   * pixel; a window made only of padding has no maximum.
   */
  public record Geometry(int planes, int inH, int inW, int outH, int outW, int kernelH,
      int kernelW, int strideH, int strideW, int padTop, int padLeft) {

    /** Validates the sizes and that no window lies entirely in the padding. */
    public Geometry {
      Preconditions.checkArgument(planes >= 0 && inH >= 1 && inW >= 1 && outH >= 1 && outW >= 1,
          "pooling %s planes of %sx%s into %sx%s: sizes must be positive", planes, inH, inW,
          outH, outW);
      Preconditions.checkArgument(kernelH >= 1 && kernelW >= 1 && strideH >= 1 && strideW >= 1
          && padTop >= 0 && padLeft >= 0, "pooling window %sx%s, stride %sx%s, padding %s,%s:"
          + " kernel and stride must be at least 1, padding at least 0", kernelH, kernelW,
          strideH, strideW, padTop, padLeft);
      Preconditions.checkArgument(padTop < kernelH && padLeft < kernelW
          && (outH - 1) * strideH - padTop < inH && (outW - 1) * strideW - padLeft < inW,
          "pooling %sx%s into %sx%s with a %sx%s window: a window covers only padding",
          inH, inW, outH, outW, kernelH, kernelW);
    }

    /** The number of window positions times the window size: the reads of one plane. */
    private int readsPerPlane() {
      return outH * outW * kernelH * kernelW;
    }

    private int grain() {
      return Math.max(1, GRAIN_READS / readsPerPlane());
    }
  }

  /** {@code y[o]} = the largest {@code x} in window {@code o}. */
  public static void maxPool(float[] x, float[] y, Geometry g) {
    if (isTwoByTwo(g)) {
      maxPool2x2(x, y, g);
      return;
    }
    Parallel.range(g.planes(), g.grain(), (from, to) -> {
      for (int p = from; p < to; p++) {
        int in = p * g.inH() * g.inW();
        int out = p * g.outH() * g.outW();
        for (int oh = 0; oh < g.outH(); oh++) {
          int h0 = oh * g.strideH() - g.padTop();
          int hs = Math.max(h0, 0);
          int he = Math.min(h0 + g.kernelH(), g.inH());
          for (int ow = 0; ow < g.outW(); ow++) {
            int w0 = ow * g.strideW() - g.padLeft();
            int ws = Math.max(w0, 0);
            int we = Math.min(w0 + g.kernelW(), g.inW());
            y[out++] = x[argmax(x, in, g.inW(), hs, he, ws, we)];
          }
        }
      }
    });
  }

  /** Non-overlapping 2×2 windows, stride 2, no padding: each input in one window at most. */
  private static boolean isTwoByTwo(Geometry g) {
    return g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2 && g.strideW() == 2
        && g.padTop() == 0 && g.padLeft() == 0 && g.outH() * 2 <= g.inH()
        && g.outW() * 2 <= g.inW();
  }

  /**
   * The 2×2 gradient writes every input of a window once (dy at the first maximum, 0 at the
   * others) instead of clearing the plane and adding: one pass, no read-modify-write. The SIMD
   * path takes planes of even width; see {@link Pool2x2Kernel}.
   */
  private static void maxPoolGrad2x2(float[] x, float[] dy, float[] dx, Geometry g,
      boolean positiveOnly) {
    int inW = g.inW();
    int outW = g.outW();
    int plane = g.inH() * inW;
    boolean uncovered = g.outH() * 2 < g.inH() || outW * 2 < inW;
    Pool2x2Kernel kernel = outW * 2 == inW ? Simd.pool2x2() : Pool2x2Kernel.SCALAR;
    Parallel.range(g.planes(), g.grain(), (from, to) -> {
      if (!uncovered) {
        // every row and column covered: a run of planes is one tall plane (see maxPool2x2)
        kernel.gradPlane(x, dy, dx, from * plane, from * g.outH() * outW, inW,
            (to - from) * g.outH(), outW, positiveOnly);
        return;
      }
      for (int p = from; p < to; p++) {
        int in = p * plane;
        if (uncovered) {
          // a last odd row or column belongs to no window
          Arrays.fill(dx, in, in + plane, 0f);
        }
        kernel.gradPlane(x, dy, dx, in, p * g.outH() * outW, inW, g.outH(), outW, positiveOnly);
      }
    });
  }

  /**
   * Windows {@code from…to−1} of the row pair starting at {@code r0}, whose gradients are
   * {@code dy[o + ow]}: the scalar path, and the SIMD path's edges.
   */
  static void gradWindows2x2(float[] x, float[] dy, float[] dx, int r0, int inW, int o, int from,
      int to, boolean positiveOnly) {
    // kept where the maximum is not positive: everything, or nothing after a ReLU
    int unlessPositive = positiveOnly ? 0 : -1;
    for (int ow = from; ow < to; ow++) {
      int first = r0 + 2 * ow;
      float a = x[first];
      float b = x[first + 1];
      float c = x[first + inW];
      float e = x[first + inW + 1];
      float m = Math.max(Math.max(a, b), Math.max(c, e));
      float d = dy[o + ow];
      if (m != m) {
        // a NaN wins its window, the first one: the general rule
        int k = argmax2x2(x, first, inW) - first;
        d = positiveOnly ? 0f : d; // a NaN is not positive
        dx[first] = k == 0 ? d : 0f;
        dx[first + 1] = k == 1 ? d : 0f;
        dx[first + inW] = k == inW ? d : 0f;
        dx[first + inW + 1] = k == inW + 1 ? d : 0f;
        continue;
      }
      // the first maximum wins, chosen with bit masks: which pixel wins is a coin toss, and
      // branches on it mispredicted about every other window
      int ea = a == m ? -1 : 0;
      int eb = b == m ? -1 : 0;
      int ec = c == m ? -1 : 0;
      int bits = Float.floatToRawIntBits(d) & (m > 0f ? -1 : unlessPositive);
      dx[first] = Float.intBitsToFloat(bits & ea);
      dx[first + 1] = Float.intBitsToFloat(bits & eb & ~ea);
      dx[first + inW] = Float.intBitsToFloat(bits & ec & ~(ea | eb));
      dx[first + inW + 1] = Float.intBitsToFloat(bits & ~(ea | eb | ec));
    }
  }

  /** The common 2×2, stride-2 pooling, a plane at a time; see {@link Pool2x2Kernel}. */
  private static void maxPool2x2(float[] x, float[] y, Geometry g) {
    int inW = g.inW();
    int outW = g.outW();
    Pool2x2Kernel kernel = Simd.pool2x2();
    // with an even height the planes' rows follow each other as one run of row pairs: a run of
    // planes is pooled as one tall plane, so only its last row pair is left to the scalar edge
    // (small planes, 10×10 in LeNet, were mostly edge)
    boolean stacked = g.outH() * 2 == g.inH();
    Parallel.range(g.planes(), g.grain(), (from, to) -> {
      if (stacked) {
        kernel.poolPlane(x, y, from * g.inH() * inW, from * g.outH() * outW, inW,
            (to - from) * g.inH(), (to - from) * g.outH(), outW);
        return;
      }
      for (int p = from; p < to; p++) {
        kernel.poolPlane(x, y, p * g.inH() * inW, p * g.outH() * outW, inW, g.inH(), g.outH(),
            outW);
      }
    });
  }

  /**
   * Windows {@code from…to−1} of the row pair starting at {@code r0} into {@code y[o + ow]},
   * without branches: only the value is needed forward, and {@code Math.max} keeps a NaN
   * visible as the general path does.
   */
  static void poolWindows2x2(float[] x, float[] y, int r0, int inW, int o, int from, int to) {
    int r1 = r0 + inW;
    for (int ow = from; ow < to; ow++) {
      int c = 2 * ow;
      y[o + ow] = Math.max(Math.max(x[r0 + c], x[r0 + c + 1]),
          Math.max(x[r1 + c], x[r1 + c + 1]));
    }
  }


  /**
   * {@code dx} shaped like {@code x}: each {@code dy[o]} added to the pixel that won window
   * {@code o}, zero elsewhere (a pixel that wins several overlapping windows collects them all).
   */
  public static void maxPoolGrad(float[] x, float[] dy, float[] dx, Geometry g) {
    maxPoolGrad(x, dy, dx, g, false);
  }

  /**
   * {@link #maxPoolGrad} followed by ReLU's gradient when {@code x} is a ReLU's output: zero
   * wherever {@code x} is not positive, in the same pass.
   */
  public static void maxPoolReluGrad(float[] x, float[] dy, float[] dx, Geometry g) {
    maxPoolGrad(x, dy, dx, g, true);
  }

  private static void maxPoolGrad(float[] x, float[] dy, float[] dx, Geometry g,
      boolean positiveOnly) {
    if (isTwoByTwo(g)) {
      maxPoolGrad2x2(x, dy, dx, g, positiveOnly);
      return;
    }
    Parallel.range(g.planes(), g.grain(), (from, to) -> {
      for (int p = from; p < to; p++) {
        int in = p * g.inH() * g.inW();
        int out = p * g.outH() * g.outW();
        int end = in + g.inH() * g.inW();
        // a plane is written by the one thread that owns it, so clearing here is race-free
        Arrays.fill(dx, in, end, 0f);
        for (int oh = 0; oh < g.outH(); oh++) {
          int h0 = oh * g.strideH() - g.padTop();
          int hs = Math.max(h0, 0);
          int he = Math.min(h0 + g.kernelH(), g.inH());
          for (int ow = 0; ow < g.outW(); ow++) {
            int w0 = ow * g.strideW() - g.padLeft();
            int ws = Math.max(w0, 0);
            int we = Math.min(w0 + g.kernelW(), g.inW());
            dx[argmax(x, in, g.inW(), hs, he, ws, we)] += dy[out++];
          }
        }
        if (positiveOnly) {
          ElementwiseKernel.reluGrad(dx, x, dx, in, end);
        }
      }
    });
  }

  /**
   * {@code y[o]} = {@code gx} at the pixel that won window {@code o} of {@code x}: the adjoint of
   * {@link #maxPoolGrad} in {@code dy}. {@code gx} is shaped like {@code x}, {@code y} like the
   * pooled output.
   */
  public static void maxPoolSelect(float[] x, float[] gx, float[] y, Geometry g) {
    Parallel.range(g.planes(), g.grain(), (from, to) -> {
      for (int p = from; p < to; p++) {
        int in = p * g.inH() * g.inW();
        int out = p * g.outH() * g.outW();
        for (int oh = 0; oh < g.outH(); oh++) {
          int h0 = oh * g.strideH() - g.padTop();
          int hs = Math.max(h0, 0);
          int he = Math.min(h0 + g.kernelH(), g.inH());
          for (int ow = 0; ow < g.outW(); ow++) {
            int w0 = ow * g.strideW() - g.padLeft();
            int ws = Math.max(w0, 0);
            int we = Math.min(w0 + g.kernelW(), g.inW());
            y[out++] = gx[argmax(x, in, g.inW(), hs, he, ws, we)];
          }
        }
      }
    });
  }

  /**
   * {@code y[o]} = the sum of {@code x} over window {@code o} divided by the full kernel area:
   * padded positions count as zeros (PyTorch's {@code count_include_pad=True}).
   */
  public static void avgPool(float[] x, float[] y, Geometry g) {
    float area = g.kernelH() * g.kernelW();
    Parallel.range(g.planes(), g.grain(), (from, to) -> {
      for (int p = from; p < to; p++) {
        int in = p * g.inH() * g.inW();
        int out = p * g.outH() * g.outW();
        for (int oh = 0; oh < g.outH(); oh++) {
          int h0 = oh * g.strideH() - g.padTop();
          int hs = Math.max(h0, 0);
          int he = Math.min(h0 + g.kernelH(), g.inH());
          for (int ow = 0; ow < g.outW(); ow++) {
            int w0 = ow * g.strideW() - g.padLeft();
            int ws = Math.max(w0, 0);
            int we = Math.min(w0 + g.kernelW(), g.inW());
            float s = 0f;
            for (int r = hs; r < he; r++) {
              int row = in + r * g.inW();
              for (int c = ws; c < we; c++) {
                s += x[row + c];
              }
            }
            y[out++] = s / area;
          }
        }
      }
    });
  }

  /**
   * {@code dx} shaped like the input: each {@code dy[o] / area} added to every input pixel of
   * window {@code o}; the adjoint of {@link #avgPool}.
   */
  public static void avgPoolGrad(float[] dy, float[] dx, Geometry g) {
    float area = g.kernelH() * g.kernelW();
    Parallel.range(g.planes(), g.grain(), (from, to) -> {
      for (int p = from; p < to; p++) {
        int in = p * g.inH() * g.inW();
        int out = p * g.outH() * g.outW();
        Arrays.fill(dx, in, in + g.inH() * g.inW(), 0f);
        for (int oh = 0; oh < g.outH(); oh++) {
          int h0 = oh * g.strideH() - g.padTop();
          int hs = Math.max(h0, 0);
          int he = Math.min(h0 + g.kernelH(), g.inH());
          for (int ow = 0; ow < g.outW(); ow++) {
            int w0 = ow * g.strideW() - g.padLeft();
            int ws = Math.max(w0, 0);
            int we = Math.min(w0 + g.kernelW(), g.inW());
            float v = dy[out++] / area;
            for (int r = hs; r < he; r++) {
              int row = in + r * g.inW();
              for (int c = ws; c < we; c++) {
                dx[row + c] += v;
              }
            }
          }
        }
      }
    });
  }

  /**
   * Flat index of the first maximum of the window rows {@code [hs, he)} × columns
   * {@code [ws, we)} of the plane at {@code plane}, scanning row-major; the window is not empty.
   */
  private static int argmax(float[] x, int plane, int width, int hs, int he, int ws, int we) {
    if (he - hs == 2 && we - ws == 2) {
      return argmax2x2(x, plane + hs * width + ws, width);
    }
    int best = plane + hs * width + ws;
    float max = x[best];
    for (int r = hs; r < he; r++) {
      int row = plane + r * width;
      for (int c = ws; c < we; c++) {
        float v = x[row + c];
        // strict '>' keeps the first of equal values; a NaN is kept so it is not hidden
        if (v > max || (v != v && max == max)) {
          max = v;
          best = row + c;
        }
      }
    }
    return best;
  }

  /** The common 2×2 window, unrolled; the same rule as the general loop. */
  private static int argmax2x2(float[] x, int first, int width) {
    int best = first;
    float max = x[first];
    float v = x[first + 1];
    if (v > max || (v != v && max == max)) {
      max = v;
      best = first + 1;
    }
    v = x[first + width];
    if (v > max || (v != v && max == max)) {
      max = v;
      best = first + width;
    }
    v = x[first + width + 1];
    if (v > max || (v != v && max == max)) {
      best = first + width + 1;
    }
    return best;
  }
}
