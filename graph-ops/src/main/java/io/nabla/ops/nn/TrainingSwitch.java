package io.nabla.ops.nn;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.primitive.Primitives;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;

/**
 * Its first input in a training run, its second in an inference run: how batch norm uses batch
 * statistics while training and running statistics otherwise, in one graph.
 */
public final class TrainingSwitch implements Op {

  @Override
  public String type() {
    return "training_switch";
  }

  /** Chooses by the run's training flag. */
  @Override
  public boolean dependsOnRun() {
    return true;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 2);
    Shape a = in.get(0);
    Shape b = in.get(1);
    if (a.rank() != b.rank()) {
      throw new ShapeException("the training value " + a.describe() + " and the inference value "
          + b.describe() + " must have one shape");
    }
    int[] d = a.dims();
    for (int i = 0; i < d.length; i++) {
      if (d[i] == Shape.UNKNOWN) {
        d[i] = b.dim(i);
      } else if (b.dim(i) != Shape.UNKNOWN && b.dim(i) != d[i]) {
        throw new ShapeException("the training value " + a.describe()
            + " and the inference value " + b.describe() + " must have one shape");
      }
    }
    return Shape.of(d);
  }

  @Override
  public void compute(OpContext c) {
    Tensor chosen = c.input(c.training() ? 0 : 1);
    if (!chosen.shape().equals(c.output().shape())) {
      throw new IllegalArgumentException("the " + (c.training() ? "training" : "inference")
          + " value is " + chosen.shape().describe() + " but the other is "
          + c.output().shape().describe());
    }
    System.arraycopy(chosen.data(), 0, c.output().data(), 0, c.output().size());
  }

  /** The upstream gradient flows to whichever input was chosen; the other gets zeros. */
  @Override
  public List<Node> gradient(GradContext g) {
    Node dy = g.upstream();
    Node zeros = Primitives.zerosLike(dy);
    return List.of(g.graph().apply(new TrainingSwitch(), dy, zeros),
        g.graph().apply(new TrainingSwitch(), zeros, dy));
  }
}
