package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;

/**
 * The loops of fused batch normalisation. An operand is {@code [N,C,S]} in memory ({@code S} =
 * H·W for images, 1 for feature vectors); the statistics are {@code [2,C]}: the means, then the
 * variances. Work is split over channels. A channel's sums are accumulated in float over one
 * contiguous plane (four accumulators, so the adds do not wait on each other) and in double
 * across planes.
 */
public final class BatchNormKernel {
  /** Elements a task should at least cover before splitting over channels pays. */
  private static final int GRAIN_ELEMENTS = 1 << 15;

  private BatchNormKernel() {}

  /** Where the values of one channel are: {@code n} planes of {@code s} values, C apart. */
  public record Layout(int n, int c, int s) {
    /** Values per channel: the count m that means and variances divide by. */
    public int count() {
      return n * s;
    }

    int offset(int item, int channel) {
      return (item * c + channel) * s;
    }

    int grain() {
      return Math.max(1, GRAIN_ELEMENTS / Math.max(1, count()));
    }
  }

  /** {@code 1 / sqrt(variance + epsilon)}, the same everywhere it is needed. */
  public static float invStd(float variance, float epsilon) {
    return (float) (1 / Math.sqrt((double) variance + epsilon));
  }

  /**
   * Mean and biased variance of each channel of {@code x} into {@code stats}. One pass over the
   * shifted values {@code d = x − k}, k being the channel's first value:
   * {@code var = Σd²/m − (Σd/m)²}. Shifting by a value of the data keeps {@code Σd/m} of the
   * order of the standard deviation, so the subtraction loses little even when the mean is
   * far from zero, where the plain {@code Σx²/m − mean²} would cancel catastrophically.
   */
  public static void statistics(float[] x, Layout l, float[] stats) {
    Parallel.range(l.c(), l.grain(), (from, to) -> statistics(x, l, stats, from, to));
  }

  private static void statistics(float[] x, Layout l, float[] stats, int from, int to) {
    int s = l.s();
    double m = l.count();
    for (int ch = from; ch < to; ch++) {
      float k = x[l.offset(0, ch)];
      double sum = 0;
      double squares = 0;
      for (int i = 0; i < l.n(); i++) {
        int o = l.offset(i, ch);
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float q0 = 0;
        float q1 = 0;
        float q2 = 0;
        float q3 = 0;
        int j = 0;
        for (; j <= s - 4; j += 4) {
          float d0 = x[o + j] - k;
          float d1 = x[o + j + 1] - k;
          float d2 = x[o + j + 2] - k;
          float d3 = x[o + j + 3] - k;
          s0 += d0;
          s1 += d1;
          s2 += d2;
          s3 += d3;
          q0 += d0 * d0;
          q1 += d1 * d1;
          q2 += d2 * d2;
          q3 += d3 * d3;
        }
        for (; j < s; j++) {
          float d = x[o + j] - k;
          s0 += d;
          q0 += d * d;
        }
        sum += (s0 + s1) + (s2 + s3);
        squares += (q0 + q1) + (q2 + q3);
      }
      double shifted = sum / m;
      stats[ch] = (float) (k + shifted);
      stats[l.c() + ch] = (float) Math.max(0, squares / m - shifted * shifted);
    }
  }

  /** {@code y = gamma · (x − mean) / sqrt(var + epsilon) + beta}, per channel. */
  public static void normalize(float[] x, float[] stats, float[] gamma, float[] beta,
      float epsilon, float[] y, Layout l) {
    Parallel.range(l.c(), l.grain(), (from, to) -> {
      int s = l.s();
      for (int ch = from; ch < to; ch++) {
        float mean = stats[ch];
        float scale = gamma[ch] * invStd(stats[l.c() + ch], epsilon);
        float shift = beta[ch];
        for (int i = 0; i < l.n(); i++) {
          int o = l.offset(i, ch);
          for (int j = o; j < o + s; j++) {
            y[j] = (x[j] - mean) * scale + shift;
          }
        }
      }
    });
  }

  /**
   * The per-channel reductions of the backward pass into {@code out [2,C]}: row 0
   * {@code Σ dy · x̂} (the gradient of gamma), row 1 {@code Σ dy} (that of beta), with
   * {@code x̂ = (x − mean) / sqrt(var + epsilon)}.
   */
  public static void paramGrad(float[] x, float[] stats, float[] dy, float epsilon, float[] out,
      Layout l) {
    Parallel.range(l.c(), l.grain(), (from, to) -> paramGrad(x, stats, dy, epsilon, out, l,
        from, to));
  }

  private static void paramGrad(float[] x, float[] stats, float[] dy, float epsilon,
      float[] out, Layout l, int from, int to) {
    int s = l.s();
    for (int ch = from; ch < to; ch++) {
      float mean = stats[ch];
      double sumDy = 0;
      double sumDyX = 0;
      for (int i = 0; i < l.n(); i++) {
        int o = l.offset(i, ch);
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        float b0 = 0;
        float b1 = 0;
        float b2 = 0;
        float b3 = 0;
        int j = 0;
        for (; j <= s - 4; j += 4) {
          float g0 = dy[o + j];
          float g1 = dy[o + j + 1];
          float g2 = dy[o + j + 2];
          float g3 = dy[o + j + 3];
          a0 += g0;
          a1 += g1;
          a2 += g2;
          a3 += g3;
          b0 += g0 * (x[o + j] - mean);
          b1 += g1 * (x[o + j + 1] - mean);
          b2 += g2 * (x[o + j + 2] - mean);
          b3 += g3 * (x[o + j + 3] - mean);
        }
        for (; j < s; j++) {
          a0 += dy[o + j];
          b0 += dy[o + j] * (x[o + j] - mean);
        }
        sumDy += (a0 + a1) + (a2 + a3);
        sumDyX += (b0 + b1) + (b2 + b3);
      }
      out[ch] = (float) (sumDyX * invStd(stats[l.c() + ch], epsilon));
      out[l.c() + ch] = (float) sumDy;
    }
  }

  /**
   * The gradient with respect to x, in one pass. Training (the statistics are the batch's, so
   * they depend on x): {@code dx = k · (dy − (Σdy + x̂ · Σdy·x̂) / m)} with
   * {@code k = gamma / sqrt(var + epsilon)} and the sums from {@code sums} (see
   * {@link #paramGrad}). Inference (fixed statistics): {@code dx = k · dy}.
   */
  public static void inputGrad(float[] x, float[] stats, float[] gamma, float[] dy, float[] sums,
      float epsilon, boolean training, float[] dx, Layout l) {
    Parallel.range(l.c(), l.grain(), (from, to) -> {
      int s = l.s();
      float m = l.count();
      for (int ch = from; ch < to; ch++) {
        float mean = stats[ch];
        float invStd = invStd(stats[l.c() + ch], epsilon);
        float k = gamma[ch] * invStd;
        // dx = k·dy + slope·(x − mean) + offset
        float slope = training ? -k * sums[ch] * invStd / m : 0f;
        float offset = training ? -k * sums[l.c() + ch] / m : 0f;
        for (int i = 0; i < l.n(); i++) {
          int o = l.offset(i, ch);
          for (int j = o; j < o + s; j++) {
            dx[j] = k * dy[j] + slope * (x[j] - mean) + offset;
          }
        }
      }
    });
  }
}
