package io.nabla.ops.math;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;

/** y = -1, 0 or 1 by the sign of x (the derivative of |x|). */
public final class Sign extends UnaryOp {

  @Override
  public String type() {
    return "sign";
  }

  @Override
  protected void map(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      y[i] = Math.signum(x[i]);
    }
  }

  /** Piecewise constant: its derivative is zero wherever it exists. */
  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(g.zerosLike(g.input(0)));
  }
}
