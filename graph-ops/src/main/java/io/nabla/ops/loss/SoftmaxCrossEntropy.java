package io.nabla.ops.loss;

import static io.nabla.ops.Ops.count;
import static io.nabla.ops.Ops.div;
import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.oneHot;
import static io.nabla.ops.Ops.softmax;
import static io.nabla.ops.Ops.sub;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * Mean over the batch of {@code −log softmax(logits)[label]}: inputs {@code logits [N,C]} and
 * {@code labels [N]} holding class indices as floats. Computed from the logits directly (the
 * log-sum-exp trick), so it never takes the log of a rounded-off zero.
 */
public final class SoftmaxCrossEntropy implements Op {

  @Override
  public String type() {
    return "softmax_cross_entropy";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 2);
    Shape logits = in.get(0);
    Shape labels = in.get(1);
    ShapeRules.rank("logits", logits, 2);
    ShapeRules.rank("labels", labels, 1);
    int n = logits.dim(0);
    int m = labels.dim(0);
    if (n != m && n != Shape.UNKNOWN && m != Shape.UNKNOWN) {
      throw new ShapeException("logits " + logits.describe() + " and labels " + labels.describe()
          + " hold different batch sizes (" + n + " ≠ " + m + ")");
    }
    if (logits.dim(1) == Shape.UNKNOWN) {
      throw new ShapeException("the number of classes (logits axis 1) must be known, but logits"
          + " are " + logits.describe());
    }
    return Shape.scalar();
  }

  @Override
  public void compute(OpContext c) {
    float[] z = c.input(0).data();
    float[] labels = c.input(1).data();
    int n = c.input(0).shape().dim(0);
    int classes = c.input(0).shape().dim(1);
    if (n == 0) {
      throw new IllegalArgumentException("the batch is empty (logits "
          + c.input(0).shape().describe() + "); a mean loss needs at least one example");
    }
    double total = 0;
    for (int i = 0; i < n; i++) {
      int row = i * classes;
      int k = ClassLabels.index(labels, i, classes);
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < classes; j++) {
        max = Math.max(max, z[row + j]);
      }
      double sum = 0;
      for (int j = 0; j < classes; j++) {
        sum += Math.exp(z[row + j] - max);
      }
      total += Math.log(sum) + max - z[row + k];
    }
    c.output().data()[0] = (float) (total / n);
  }

  /** d logits = (softmax(logits) − one_hot(labels)) · dy / N. */
  @Override
  public List<Node> gradient(GradContext g) {
    Node logits = g.input(0);
    Node labels = g.input(1);
    int classes = logits.shape().dim(1);
    Node diff = sub(softmax(logits), oneHot(labels, classes));
    return Arrays.asList(mul(div(diff, count(labels)), g.upstream()), null);
  }

  @Override
  public boolean isDifferentiable(int index) {
    return index == 0;
  }
}
