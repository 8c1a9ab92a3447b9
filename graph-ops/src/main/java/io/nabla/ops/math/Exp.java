package io.nabla.ops.math;

import static io.nabla.ops.Ops.*;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;

/** y = e^x. */
public final class Exp extends UnaryOp {

  @Override
  public String type() {
    return "exp";
  }

  @Override
  protected void map(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      y[i] = (float) Math.exp(x[i]);
    }
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(mul(g.upstream(), g.node()));
  }
}
