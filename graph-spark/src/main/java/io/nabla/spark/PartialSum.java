package io.nabla.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One partition's contribution to a step or a round, summed element-wise over the partitions
 * (left then right) with the weights' version it was computed from. For a synchronous step it is
 * already weighted by the partition's share of the global batch ({@code w = b_i / B}): {@code
 * w·loss}, {@code w·gradient} of every trained parameter and {@code w·value} of every running
 * statistic. For a local-SGD round it is the replica's variables and optimizer state after its
 * steps, unweighted (the driver divides the sum by the partitions), named. Metric sums are raw
 * sums over examples in both.
 */
final class PartialSum implements Serializable {
  private static final long serialVersionUID = 2L;

  final long version;
  double loss;
  /** Weighted sample counts of the running statistics (NaN for one without). */
  final double[] sampleCounts;
  /** The summed arrays, flat: gradients then statistics, or variables then optimizer state. */
  final float[][] arrays;
  /** Their shapes (not summed). */
  final int[][] shapes;
  /** Their names (not summed), or null where the order alone identifies them. */
  final String[] names;
  /** The batches' metric sums (accuracy counts, loss terms), raw. */
  final double[] metricSums;

  PartialSum(long version, double loss, double[] sampleCounts, float[][] arrays, int[][] shapes,
      String[] names, double[] metricSums) {
    this.version = version;
    this.loss = loss;
    this.sampleCounts = sampleCounts;
    this.arrays = arrays;
    this.shapes = shapes;
    this.names = names;
    this.metricSums = metricSums;
  }

  /** {@code this + right}, in place. */
  PartialSum plus(PartialSum right) {
    if (right.version != version) {
      throw new IllegalStateException("a step summed values of weights version " + version
          + " and " + right.version + "; every partition must compute from the same weights");
    }
    if (!Arrays.equals(names, right.names) || arrays.length != right.arrays.length
        || metricSums.length != right.metricSums.length) {
      throw new IllegalStateException("two partitions sent different values ("
          + (names != null ? Arrays.toString(names) : arrays.length + " arrays") + " and "
          + (right.names != null ? Arrays.toString(right.names) : right.arrays.length
          + " arrays") + "); TrainingSpec must build the same model and optimizer every time");
    }
    loss += right.loss;
    for (int k = 0; k < sampleCounts.length; k++) {
      sampleCounts[k] += right.sampleCounts[k];
    }
    for (int k = 0; k < metricSums.length; k++) {
      metricSums[k] += right.metricSums[k];
    }
    for (int k = 0; k < arrays.length; k++) {
      float[] a = arrays[k];
      float[] b = right.arrays[k];
      for (int i = 0; i < a.length; i++) {
        a[i] += b[i];
      }
    }
    return this;
  }
}
