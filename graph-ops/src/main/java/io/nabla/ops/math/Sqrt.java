package io.nabla.ops.math;

import static io.nabla.ops.Ops.*;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;

/** y = √x. */
public final class Sqrt extends UnaryOp {

  @Override
  public String type() {
    return "sqrt";
  }

  @Override
  protected void map(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      y[i] = (float) Math.sqrt(x[i]);
    }
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(div(g.upstream(), mul(g.node(), 2f)));
  }
}
