package io.nabla.nn.train;

import java.util.Locale;
import java.util.Map;

/**
 * Loss, accuracy (NaN without an accuracy metric), confusion matrix (empty when the model does
 * not classify) and every metric and reported loss term by name, of a model on a dataset.
 */
public record Evaluation(double loss, double accuracy, int[][] confusion,
    Map<String, Double> metrics) {

  public Evaluation {
    metrics = Map.copyOf(metrics);
  }

  /** An evaluation without named metrics. */
  public Evaluation(double loss, double accuracy, int[][] confusion) {
    this(loss, accuracy, confusion, Map.of());
  }

  /** Examples of class {@code actual} predicted as {@code predicted}. */
  public int count(int actual, int predicted) {
    return confusion[actual][predicted];
  }

  /** The metric or reported term {@code name}; the message lists them when there is none. */
  public double metric(String name) {
    Double v = metrics.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no metric '" + name + "'; this evaluation has "
          + (metrics.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(
              metrics.keySet()))));
    }
    return v;
  }

  /** The confusion matrix as a table, rows = actual class, columns = predicted. */
  public String confusionTable() {
    StringBuilder sb = new StringBuilder("actual\\predicted");
    for (int c = 0; c < confusion.length; c++) {
      sb.append(String.format(Locale.ROOT, "%6d", c));
    }
    sb.append('\n');
    for (int r = 0; r < confusion.length; r++) {
      sb.append(String.format(Locale.ROOT, "%16d", r));
      for (int c = 0; c < confusion.length; c++) {
        sb.append(String.format(Locale.ROOT, "%6d", confusion[r][c]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** E.g. {@code loss 0.3120, accuracy 0.8874, mae/price 0.0410}; the matrix is separate. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", loss));
    if (!Double.isNaN(accuracy)) {
      sb.append(String.format(Locale.ROOT, ", accuracy %.4f", accuracy));
    }
    new java.util.TreeMap<>(metrics).forEach((k, v) -> {
      if (!k.equals("accuracy")) {
        sb.append(String.format(Locale.ROOT, ", %s %.4f", k, v));
      }
    });
    return sb.toString();
  }
}
