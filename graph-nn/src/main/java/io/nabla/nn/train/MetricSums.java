package io.nabla.nn.train;

import io.nabla.core.exec.Results;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import java.util.ArrayList;
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

  /**
   * The raw sums so far, every metric's then every reported term's: what {@link #addSums} adds
   * to another pass's (steps computed elsewhere send them with their gradients).
   */
  List<Double> sums() {
    List<Double> out = new ArrayList<>(sums.length + terms.length);
    for (double v : sums) {
      out.add(v);
    }
    for (double v : terms) {
      out.add(v);
    }
    return out;
  }

  /**
   * Adds the raw sums of {@code examples} examples measured elsewhere by a pass over the same
   * metrics and terms ({@link #sums}); the confusion matrix is not kept for them.
   */
  void addSums(List<Double> raw, long examples) {
    if (raw.size() != sums.length + terms.length) {
      throw new IllegalArgumentException("the step brought " + raw.size() + " metric sums but"
          + " this trainer measures " + (sums.length + terms.length) + " (" + sums.length
          + " metrics, " + terms.length + " loss terms); the replicas' trainers must measure"
          + " the same metrics");
    }
    for (int i = 0; i < sums.length; i++) {
      sums[i] += raw.get(i);
    }
    for (int k = 0; k < terms.length; k++) {
      terms[k] += raw.get(sums.length + k);
    }
    this.examples += examples;
  }

  /** Whether no batch was added. */
  boolean isEmpty() {
    return examples == 0;
  }

  int[][] confusion() {
    return confusion;
  }
}
