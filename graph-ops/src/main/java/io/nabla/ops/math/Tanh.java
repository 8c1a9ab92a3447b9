package io.nabla.ops.math;

import static io.nabla.ops.Ops.*;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;

/** y = tanh x. */
public final class Tanh extends UnaryOp {

  @Override
  public String type() {
    return "tanh";
  }

  @Override
  protected void map(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      y[i] = (float) Math.tanh(x[i]);
    }
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(mul(g.upstream(), sub(1f, square(g.node()))));
  }
}
