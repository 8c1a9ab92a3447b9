package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;
import io.nabla.core.tensor.Shape;

/**
 * Softmax and log-softmax along one axis, stabilised by subtracting each slice's maximum. The
 * tensor is seen as {@code [outer, length, inner]} around the axis.
 */
public final class SoftmaxKernel {
  private SoftmaxKernel() {}

  /** Softmax ({@code log = false}) or log-softmax of {@code x} along {@code axis} into {@code y}. */
  public static void apply(float[] x, float[] y, Shape shape, int axis, boolean log) {
    int a = shape.normalizeAxis(axis);
    int length = shape.dim(a);
    int innerSize = 1;
    for (int d = a + 1; d < shape.rank(); d++) {
      innerSize *= shape.dim(d);
    }
    int inner = innerSize;
    int outer = length * inner == 0 ? 0 : shape.size() / (length * inner);
    int slices = outer * inner;
    int stride = inner;
    int grain = Math.max(1, 8192 / Math.max(1, length));
    Parallel.range(slices, grain, (from, to) -> {
      for (int s = from; s < to; s++) {
        int base = (s / inner) * length * inner + s % inner;
        slice(x, y, base, stride, length, log);
      }
    });
  }

  private static void slice(float[] x, float[] y, int base, int stride, int length,
      boolean log) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < length; i++) {
      max = Math.max(max, x[base + i * stride]);
    }
    double sum = 0;
    for (int i = 0; i < length; i++) {
      sum += Math.exp(x[base + i * stride] - max);
    }
    if (log) {
      float logSum = (float) Math.log(sum) + max;
      for (int i = 0; i < length; i++) {
        y[base + i * stride] = x[base + i * stride] - logSum;
      }
    } else {
      for (int i = 0; i < length; i++) {
        y[base + i * stride] = (float) (Math.exp(x[base + i * stride] - max) / sum);
      }
    }
  }
}
