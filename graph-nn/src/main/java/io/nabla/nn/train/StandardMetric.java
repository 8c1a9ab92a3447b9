package io.nabla.nn.train;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Tensor;

/** The built-in metrics: accuracy, top-k accuracy and mean absolute error. */
final class StandardMetric implements Metric {
  enum Kind { ACCURACY, TOP_K, MAE }

  private final Kind kind;
  private final String output;
  private final int k;

  StandardMetric(Kind kind, String output, int k) {
    Preconditions.checkArgument(kind != Kind.TOP_K || k >= 1, "top-k needs k >= 1, not %s", k);
    this.kind = kind;
    this.output = output;
    this.k = k;
  }

  /** Whether {@code m} is plain accuracy (reported as the epoch's accuracy, with a confusion). */
  static boolean isAccuracy(Metric m) {
    return m instanceof StandardMetric s && s.kind == Kind.ACCURACY
        || m.name().startsWith("accuracy") && m.classIndices();
  }

  @Override
  public String name() {
    String base = switch (kind) {
      case ACCURACY -> "accuracy";
      case TOP_K -> "top" + k + " accuracy";
      case MAE -> "mae";
    };
    return output == null ? base : base + "/" + output;
  }

  @Override
  public String output() {
    return output;
  }

  @Override
  public String target() {
    return null;
  }

  @Override
  public boolean classIndices() {
    return kind != Kind.MAE;
  }

  @Override
  public double sum(Tensor out, Tensor target) {
    switch (kind) {
      case ACCURACY:
        return Accuracy.correct(out, target);
      case TOP_K:
        return topK(out, target);
      default:
        float[] o = out.data();
        float[] t = target.data();
        int n = out.shape().dim(0);
        double sum = 0;
        for (int i = 0; i < o.length; i++) {
          sum += Math.abs(o[i] - t[i]);
        }
        // per element, summed over examples
        return sum / (o.length / Math.max(1, n));
    }
  }

  private double topK(Tensor scores, Tensor labels) {
    int n = scores.shape().dim(0);
    int classes = scores.shape().dim(1);
    float[] s = scores.data();
    long hits = 0;
    for (int i = 0; i < n; i++) {
      int label = (int) labels.get(i);
      float mine = s[i * classes + label];
      int higher = 0;
      for (int c = 0; c < classes; c++) {
        if (s[i * classes + c] > mine) {
          higher++;
        }
      }
      if (higher < k) {
        hits++;
      }
    }
    return hits;
  }
}
