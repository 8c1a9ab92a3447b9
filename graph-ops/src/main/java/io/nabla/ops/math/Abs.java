package io.nabla.ops.math;

import static io.nabla.ops.Ops.*;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;

/** y = |x|. */
public final class Abs extends UnaryOp {

  @Override
  public String type() {
    return "abs";
  }

  @Override
  protected void map(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      y[i] = Math.abs(x[i]);
    }
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(mul(g.upstream(), sign(g.input(0))));
  }
}
