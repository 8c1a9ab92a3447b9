package io.nabla.nn.train;

import io.nabla.core.tensor.Tensor;

/**
 * A figure reported per epoch for one output, computed from the output's values and a target
 * of the dataset, batch by batch: the trainer adds up {@link #sum} over the set and divides by
 * its number of examples.
 */
public interface Metric {

  /** How it is reported, e.g. {@code accuracy} or {@code mae/price}. */
  String name();

  /** The output it measures (null: the sole output). */
  String output();

  /** The dataset's target it compares with (null: the output's name, or the sole target). */
  String target();

  /** Whether the target holds class indices (checked as labels) rather than values. */
  boolean classIndices();

  /** The metric summed over the examples of one batch, {@code output [b, …]}. */
  double sum(Tensor output, Tensor target);

  /** This metric compared with target {@code name} (null: the default). */
  default Metric target(String name) {
    if (name == null) {
      return this;
    }
    Metric self = this;
    return new Metric() {
      @Override
      public String name() {
        return self.name();
      }

      @Override
      public String output() {
        return self.output();
      }

      @Override
      public String target() {
        return name;
      }

      @Override
      public boolean classIndices() {
        return self.classIndices();
      }

      @Override
      public double sum(Tensor output, Tensor target) {
        return self.sum(output, target);
      }
    };
  }

  /** The fraction of examples whose highest score is at their label. */
  static Metric accuracy(String output) {
    return new StandardMetric(StandardMetric.Kind.ACCURACY, output, 1);
  }

  /** The fraction of examples whose label is among their {@code k} highest scores. */
  static Metric topK(String output, int k) {
    return new StandardMetric(StandardMetric.Kind.TOP_K, output, k);
  }

  /** The mean absolute difference between output and target, per element. */
  static Metric meanAbsoluteError(String output) {
    return new StandardMetric(StandardMetric.Kind.MAE, output, 0);
  }
}
