package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;
import java.util.Arrays;

/**
 * Nearest and bilinear resampling of the {@code [H,W]} planes of an NCHW array, and its adjoint.
 * Each axis is a table of {@link Taps}: every output row (column) reads at most two input rows
 * (columns) with two weights, so one output pixel is the weighted sum of at most four inputs.
 * The arithmetic follows PyTorch's CPU kernels step by step (the inverse scale in float, the
 * source clamped at 0), so the two agree to rounding. Planes are independent and split over
 * the cores; each is computed in the same order whatever the split.
 */
public final class UpsampleKernel {
  /** Output pixels per parallel chunk below which the planes stay on one thread. */
  private static final int GRAIN_PIXELS = 1 << 14;

  private UpsampleKernel() {}

  /** For each output index: the two input indices read and their weights. */
  public record Taps(int[] lo, int[] hi, float[] weightLo, float[] weightHi) {
    public int size() {
      return lo.length;
    }
  }

  /**
   * The nearest input index {@code min(floor(i · (1/scale)), in − 1)} of each output index; as
   * in PyTorch's {@code mode='nearest'}, an output of the input's size copies it and one of twice
   * its size repeats each pixel twice, whatever the scale factor that gave that size.
   */
  public static Taps nearest(int in, int out, double scale) {
    float inverse = (float) (1.0 / scale);
    int[] lo = new int[out];
    float[] one = new float[out];
    float[] zero = new float[out];
    for (int i = 0; i < out; i++) {
      if (out == in) {
        lo[i] = i;
      } else if (out == 2 * in) {
        lo[i] = i / 2;
      } else {
        lo[i] = Math.min((int) Math.floor(i * inverse), in - 1);
      }
      one[i] = 1f;
    }
    return new Taps(lo, lo.clone(), one, zero);
  }

  /** Linear interpolation at {@code max((i + ½) · (1/scale) − ½, 0)} of each output index. */
  public static Taps linear(int in, int out, double scale) {
    float inverse = (float) (1.0 / scale);
    int[] lo = new int[out];
    int[] hi = new int[out];
    float[] weightLo = new float[out];
    float[] weightHi = new float[out];
    for (int i = 0; i < out; i++) {
      float source = Math.max(inverse * (i + 0.5f) - 0.5f, 0f);
      int first = Math.min((int) source, in - 1);
      float lambda = Math.min(source - first, 1f);
      lo[i] = first;
      hi[i] = first < in - 1 ? first + 1 : first;
      weightHi[i] = lambda;
      weightLo[i] = 1f - lambda;
    }
    return new Taps(lo, hi, weightLo, weightHi);
  }

  /** {@code y[p, i, j] = Σ rows(i) Σ columns(j) x[p, r, c]}, for {@code planes} planes. */
  public static void forward(float[] x, float[] y, int planes, int inH, int inW, Taps rows,
      Taps cols) {
    int outH = rows.size();
    int outW = cols.size();
    Parallel.range(planes, Math.max(1, GRAIN_PIXELS / (outH * outW)), (from, to) -> {
      for (int p = from; p < to; p++) {
        int in = p * inH * inW;
        int out = p * outH * outW;
        for (int i = 0; i < outH; i++) {
          int r0 = in + rows.lo()[i] * inW;
          int r1 = in + rows.hi()[i] * inW;
          float a0 = rows.weightLo()[i];
          float a1 = rows.weightHi()[i];
          for (int j = 0; j < outW; j++) {
            int c0 = cols.lo()[j];
            int c1 = cols.hi()[j];
            float b0 = cols.weightLo()[j];
            float b1 = cols.weightHi()[j];
            y[out + i * outW + j] = a0 * (b0 * x[r0 + c0] + b1 * x[r0 + c1])
                + a1 * (b0 * x[r1 + c0] + b1 * x[r1 + c1]);
          }
        }
      }
    });
  }

  /** The adjoint of {@link #forward}: each output gradient spread back onto its inputs. */
  public static void adjoint(float[] dy, float[] dx, int planes, int inH, int inW, Taps rows,
      Taps cols) {
    int outH = rows.size();
    int outW = cols.size();
    Parallel.range(planes, Math.max(1, GRAIN_PIXELS / (outH * outW)), (from, to) -> {
      for (int p = from; p < to; p++) {
        int in = p * inH * inW;
        int out = p * outH * outW;
        Arrays.fill(dx, in, in + inH * inW, 0f);
        for (int i = 0; i < outH; i++) {
          int r0 = in + rows.lo()[i] * inW;
          int r1 = in + rows.hi()[i] * inW;
          float a0 = rows.weightLo()[i];
          float a1 = rows.weightHi()[i];
          for (int j = 0; j < outW; j++) {
            int c0 = cols.lo()[j];
            int c1 = cols.hi()[j];
            float b0 = cols.weightLo()[j];
            float b1 = cols.weightHi()[j];
            float g = dy[out + i * outW + j];
            dx[r0 + c0] += a0 * b0 * g;
            dx[r0 + c1] += a0 * b1 * g;
            dx[r1 + c0] += a1 * b0 * g;
            dx[r1 + c1] += a1 * b1 * g;
          }
        }
      }
    });
  }
}
