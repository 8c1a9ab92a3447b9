package io.nabla.ops.math;

import static io.nabla.ops.Ops.div;
import static io.nabla.ops.Ops.equal;
import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.sum;
import static io.nabla.ops.Ops.unsqueeze;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.OpContext;
import io.nabla.core.primitive.Primitives;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.kernel.ReduceKernel;
import java.util.List;

/** The maximum over some axes (all when none are given). */
public final class Max extends Reduction {
  public Max(boolean keepDims, int... axes) {
    super(keepDims, axes);
  }

  @Override
  public String type() {
    return "max";
  }

  @Override
  public void compute(OpContext c) {
    Tensor x = c.input(0);
    ReduceKernel.maxTo(x, Tensor.wrap(keptShape(x.shape()), c.output().data()));
  }

  /** dy flows to the elements equal to the maximum, shared equally between ties. */
  @Override
  public List<Node> gradient(GradContext g) {
    Node x = g.input(0);
    int[] ax = axesOf(x.shape());
    Node y = keepDims() ? g.node() : unsqueeze(g.node(), ax);
    Node dy = keepDims() ? g.upstream() : unsqueeze(g.upstream(), ax);
    Node mask = equal(x, Primitives.broadcastLike(y, x));
    Node ties = Primitives.broadcastLike(sum(mask, true, axes()), x);
    return List.of(div(mul(Primitives.broadcastLike(dy, x), mask), ties));
  }
}
