package io.nabla.spark;

import java.io.Serializable;

/**
 * One partition's share of a step, already weighted by its share of the global batch
 * ({@code w = b_i / B}): {@code w·loss}, {@code w·gradient} of every trained parameter and
 * {@code w·value} of every running statistic, with the weights' version it was computed from.
 * Two sums add element-wise, left then right.
 */
final class PartialSum implements Serializable {
  private static final long serialVersionUID = 1L;

  final long version;
  double loss;
  /** Weighted sample counts of the running statistics (NaN for one without). */
  final double[] sampleCounts;
  /** The gradients, then the running statistics' batch values, flat. */
  final float[][] arrays;
  /** Their shapes (not summed). */
  final int[][] shapes;

  PartialSum(long version, double loss, double[] sampleCounts, float[][] arrays,
      int[][] shapes) {
    this.version = version;
    this.loss = loss;
    this.sampleCounts = sampleCounts;
    this.arrays = arrays;
    this.shapes = shapes;
  }

  /** {@code this + right}, in place. */
  PartialSum plus(PartialSum right) {
    if (right.version != version) {
      throw new IllegalStateException("a step summed gradients of weights version " + version
          + " and " + right.version + "; every partition must compute from the same weights");
    }
    loss += right.loss;
    for (int k = 0; k < sampleCounts.length; k++) {
      sampleCounts[k] += right.sampleCounts[k];
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
