package io.nabla.ops.math;

import static io.nabla.ops.Ops.count;
import static io.nabla.ops.Ops.div;
import static io.nabla.ops.Ops.unsqueeze;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.OpContext;
import io.nabla.core.primitive.Primitives;
import io.nabla.core.primitive.SumLike;
import io.nabla.core.tensor.Tensor;
import java.util.List;

/** The mean over some axes (all when none are given). */
public final class Mean extends Reduction {
  public Mean(boolean keepDims, int... axes) {
    super(keepDims, axes);
  }

  @Override
  public String type() {
    return "mean";
  }

  @Override
  public void compute(OpContext c) {
    Tensor x = c.input(0);
    Tensor out = c.output();
    SumLike.sumTo(x, Tensor.wrap(keptShape(x.shape()), out.data()));
    float scale = out.size() == 0 ? 0f : (float) out.size() / x.size();
    float[] d = out.data();
    for (int i = 0; i < out.size(); i++) {
      d[i] *= scale;
    }
  }

  /** dy spread back over the axes, divided by how many elements each mean averaged. */
  @Override
  public List<Node> gradient(GradContext g) {
    Node x = g.input(0);
    Node dy = keepDims() ? g.upstream() : unsqueeze(g.upstream(), axesOf(x.shape()));
    return List.of(div(Primitives.broadcastLike(dy, x), count(x, axes())));
  }
}
