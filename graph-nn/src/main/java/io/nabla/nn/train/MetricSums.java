package io.nabla.nn.train;

import io.nabla.core.exec.Results;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running sums of a pass over a dataset: every metric, every reported loss term (weighted by
 * batch size), and the confusion matrix of the first accuracy metric.
 */
final class MetricSums {
  /** A metric with the output node it reads and the target name it compares with. */
  record Measured(Metric metric, Node output, String target) {}

  private final List<Measured> metrics;
  private final Map<String, Node> reported;
  private final Feeds feeds;
  private final double[] sums;
  private final double[] terms;
  private final int accuracyIndex;
  private final int[][] confusion;
  private long examples;

  MetricSums(List<Measured> metrics, Map<String, Node> reported, Feeds feeds,
      boolean withConfusion) {
    this.metrics = metrics;
    this.reported = reported;
    this.feeds = feeds;
    this.sums = new double[metrics.size()];
    this.terms = new double[reported.size()];
    int acc = -1;
    for (int i = 0; i < metrics.size() && acc < 0; i++) {
      if (StandardMetric.isAccuracy(metrics.get(i).metric())) {
        acc = i;
      }
    }
    this.accuracyIndex = acc;
    int classes = acc >= 0 ? metrics.get(acc).output().shape().dim(1) : 0;
    this.confusion = withConfusion ? new int[classes][classes] : new int[0][0];
  }

  /** Adds one batch's results. */
  void add(Results r, Batch batch) {
    for (int i = 0; i < metrics.size(); i++) {
      Measured m = metrics.get(i);
      Tensor out = r.get(m.output());
      Tensor target = feeds.target(batch, m.target(), m.output().shape());
      if (i == accuracyIndex && confusion.length > 0) {
        sums[i] += Accuracy.confuse(out, target, confusion);
      } else {
        sums[i] += m.metric().sum(out, target);
      }
    }
    int k = 0;
    for (Node term : reported.values()) {
      terms[k++] += r.scalar(term) * batch.size();
    }
    examples += batch.size();
  }

  /** The mean accuracy, or NaN without an accuracy metric. */
  double accuracy() {
    return accuracyIndex < 0 || examples == 0 ? Double.NaN : sums[accuracyIndex] / examples;
  }

  /** Every mean by name, each prefixed with {@code prefix}. */
  Map<String, Double> means(String prefix) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < metrics.size(); i++) {
      out.put(prefix + metrics.get(i).metric().name(), sums[i] / Math.max(1, examples));
    }
    int k = 0;
    for (String name : reported.keySet()) {
      out.put(prefix + name, terms[k++] / Math.max(1, examples));
    }
    return out;
  }

  /** Whether no batch was added. */
  boolean isEmpty() {
    return examples == 0;
  }

  int[][] confusion() {
    return confusion;
  }
}
