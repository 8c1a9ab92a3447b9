package io.nabla.nn.train;

import static io.nabla.ops.Ops.add;
import static io.nabla.ops.Ops.logSoftmax;
import static io.nabla.ops.Ops.mean;
import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.neg;
import static io.nabla.ops.Ops.softmaxCrossEntropy;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import java.util.List;

/**
 * Mean softmax cross-entropy of class scores {@code [N, C]} against class indices {@code [N]},
 * optionally with label smoothing ε: the target puts 1 − ε on the label and ε/C on every class,
 * as PyTorch's {@code label_smoothing} does.
 */
public final class CrossEntropy implements Loss {
  private final String output;
  private String target;
  private double smoothing;

  CrossEntropy(String output) {
    this.output = output;
  }

  /** Compares with the dataset's target {@code name} instead of the one named as the output. */
  public CrossEntropy target(String name) {
    this.target = Preconditions.checkNotNull(name, "target name is null");
    return this;
  }

  /** Label smoothing ε in [0, 1). */
  public CrossEntropy labelSmoothing(double epsilon) {
    Preconditions.checkArgument(epsilon >= 0 && epsilon < 1,
        "label smoothing must lie in [0, 1), not %s", epsilon);
    this.smoothing = epsilon;
    return this;
  }

  @Override
  public Node build(LossContext ctx) {
    Node scores = ctx.output(output);
    Node labels = ctx.labels(target, scores);
    Node ce = softmaxCrossEntropy(scores, labels);
    if (smoothing == 0) {
      return ce;
    }
    // the mean over classes of -log p is the cross-entropy against the uniform distribution
    Node uniform = mean(neg(logSoftmax(scores)));
    return add(mul(ce, (float) (1 - smoothing)), mul(uniform, (float) smoothing));
  }

  @Override
  public List<Metric> defaultMetrics() {
    return List.of(Metric.accuracy(output).target(target));
  }
}
