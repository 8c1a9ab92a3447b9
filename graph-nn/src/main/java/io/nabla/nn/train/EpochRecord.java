package io.nabla.nn.train;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one epoch measured. Test figures are NaN when no test set was given; accuracies are NaN
 * when no accuracy metric is reported. {@code metrics} holds every metric and reported loss term
 * by name, the test set's prefixed {@code test } (e.g. {@code accuracy/class}, {@code test
 * loss/price}); a checkpoint keeps the fixed figures only.
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double testLoss,
    double testAccuracy, double seconds, double examplesPerSecond, double learningRate,
    Map<String, Double> metrics) {

  public EpochRecord {
    metrics = Map.copyOf(metrics);
  }

  /** A record without named metrics. */
  public EpochRecord(int epoch, double trainLoss, double trainAccuracy, double testLoss,
      double testAccuracy, double seconds, double examplesPerSecond, double learningRate) {
    this(epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, seconds, examplesPerSecond,
        learningRate, Map.of());
  }

  /** E.g. {@code epoch 3: loss 0.4123, accuracy 0.8571, test loss 0.4410, …}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d: loss %.4f",
        epoch, trainLoss));
    if (!Double.isNaN(trainAccuracy)) {
      sb.append(String.format(Locale.ROOT, ", accuracy %.4f", trainAccuracy));
    }
    if (!Double.isNaN(testLoss)) {
      sb.append(String.format(Locale.ROOT, ", test loss %.4f", testLoss));
    }
    if (!Double.isNaN(testAccuracy)) {
      sb.append(String.format(Locale.ROOT, ", test accuracy %.4f", testAccuracy));
    }
    String more = metrics.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
    if (!more.isEmpty()) {
      sb.append(", ").append(more);
    }
    return sb.append(String.format(Locale.ROOT, " (%.1f s, lr %.3g)", seconds, learningRate))
        .toString();
  }
}
