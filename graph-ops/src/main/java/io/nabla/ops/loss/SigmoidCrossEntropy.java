package io.nabla.ops.loss;

import static io.nabla.ops.Ops.count;
import static io.nabla.ops.Ops.div;
import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.neg;
import static io.nabla.ops.Ops.sigmoid;
import static io.nabla.ops.Ops.sub;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.List;

/**
 * Binary cross-entropy from logits, the mean over all elements of
 * {@code −t·log σ(z) − (1 − t)·log(1 − σ(z))}: inputs {@code logits z} and {@code targets t} of
 * one shape, targets being probabilities in [0, 1]. Computed as
 * {@code max(z, 0) − z·t + log(1 + e^−|z|)}, which neither overflows nor takes the log of a
 * rounded-off zero however large |z| is.
 */
public final class SigmoidCrossEntropy implements Op {

  @Override
  public String type() {
    return "sigmoid_cross_entropy";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 2);
    Shape z = in.get(0);
    Shape t = in.get(1);
    boolean same = z.rank() == t.rank();
    for (int d = 0; same && d < z.rank(); d++) {
      same = z.dim(d) == t.dim(d) || z.dim(d) == Shape.UNKNOWN || t.dim(d) == Shape.UNKNOWN;
    }
    if (!same) {
      throw new ShapeException("logits " + z.describe() + " and targets " + t.describe()
          + " must have one shape: one target probability per logit");
    }
    return Shape.scalar();
  }

  @Override
  public void compute(OpContext c) {
    float[] z = c.input(0).data();
    float[] t = c.input(1).data();
    int n = c.input(0).size();
    if (n == 0) {
      throw new IllegalArgumentException("the logits " + c.input(0).shape().describe()
          + " are empty; a mean loss needs at least one element");
    }
    double total = 0;
    for (int i = 0; i < n; i++) {
      float ti = t[i];
      if (!(ti >= 0f && ti <= 1f)) {
        throw new IllegalArgumentException("target " + i + " is " + ti + "; targets are"
            + " probabilities in [0, 1] (for class indices use softmax_cross_entropy)");
      }
      double zi = z[i];
      total += Math.max(zi, 0.0) - zi * ti + Math.log1p(Math.exp(-Math.abs(zi)));
    }
    c.output().data()[0] = (float) (total / n);
  }

  /** d logits = (σ(z) − t) · dy / n; d targets = −z · dy / n, for n elements. */
  @Override
  public List<Node> gradient(GradContext g) {
    Node z = g.input(0);
    Node t = g.input(1);
    Node n = count(z);
    Node dz = mul(div(sub(sigmoid(z), t), n), g.upstream());
    Node dt = mul(div(neg(z), n), g.upstream());
    return List.of(dz, dt);
  }
}
