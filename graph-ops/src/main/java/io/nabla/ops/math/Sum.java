package io.nabla.ops.math;

import static io.nabla.ops.Ops.unsqueeze;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.OpContext;
import io.nabla.core.primitive.Primitives;
import io.nabla.core.primitive.SumLike;
import io.nabla.core.tensor.Tensor;
import java.util.List;

/** The sum over some axes (all when none are given). */
public final class Sum extends Reduction {

  public Sum(boolean keepDims, int... axes) {
    super(keepDims, axes);
  }

  @Override
  public String type() {
    return "sum";
  }

  @Override
  public void compute(OpContext c) {
    Tensor x = c.input(0);
    SumLike.sumTo(x, Tensor.wrap(keptShape(x.shape()), c.output().data()));
  }

  /** Every input element contributes once: the gradient is dy spread back over the axes. */
  @Override
  public List<Node> gradient(GradContext g) {
    Node x = g.input(0);
    Node dy = keepDims() ? g.upstream() : unsqueeze(g.upstream(), axesOf(x.shape()));
    return List.of(Primitives.broadcastLike(dy, x));
  }
}
