package io.nabla.nn.train;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Tensor;
import java.util.List;

/**
 * What one training step computed before it updates anything: the batch's loss, the gradient of
 * every parameter it trains (in the step's order) and the batch values of the model's running
 * statistics with their sample counts (batch norm's mean and variance; empty without). A step
 * computes these and applies them through the same code: {@link Trainer#step} does both at once;
 * {@link Trainer#computeGradients} and {@link Trainer#applyGradients} split them, so gradients
 * computed elsewhere — summed over a cluster's partitions — update the model exactly as a local
 * step would.
 *
 * @param loss the batch's mean loss
 * @param gradients one per trained parameter, in order
 * @param batchStatistics one per running average of the model, in order
 * @param sampleCounts the samples behind each batch statistic (for the unbiased variance), or
 *     NaN for a statistic without one
 * @param metricSums the batch's sums of the trainer's metrics and reported loss terms, in the
 *     trainer's order ({@link Trainer#computeGradients} measures them, so that steps computed
 *     elsewhere still report training accuracy); empty when not measured
 */
public record StepGradients(double loss, List<Tensor> gradients, List<Tensor> batchStatistics,
    List<Float> sampleCounts, List<Double> metricSums) {

  /** Checks the lists agree and keeps them as given (no copies: a step reads them once). */
  public StepGradients {
    Preconditions.checkNotNull(gradients, "gradients are null");
    Preconditions.checkNotNull(batchStatistics, "batch statistics are null");
    Preconditions.checkNotNull(sampleCounts, "sample counts are null");
    Preconditions.checkNotNull(metricSums, "metric sums are null");
    Preconditions.checkArgument(batchStatistics.size() == sampleCounts.size(),
        "%s batch statistics but %s sample counts; give one count (or NaN) per statistic",
        batchStatistics.size(), sampleCounts.size());
    gradients = List.copyOf(gradients);
    batchStatistics = List.copyOf(batchStatistics);
    sampleCounts = List.copyOf(sampleCounts);
    metricSums = List.copyOf(metricSums);
  }

  /** The values of a step whose metrics were not measured. */
  public StepGradients(double loss, List<Tensor> gradients, List<Tensor> batchStatistics,
      List<Float> sampleCounts) {
    this(loss, gradients, batchStatistics, sampleCounts, List.of());
  }

  /** These values with the batch's metric sums {@code sums}. */
  public StepGradients withMetricSums(List<Double> sums) {
    return new StepGradients(loss, gradients, batchStatistics, sampleCounts, sums);
  }
}
