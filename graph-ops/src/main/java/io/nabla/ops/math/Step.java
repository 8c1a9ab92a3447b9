package io.nabla.ops.math;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;

/** y = 1 where x > 0, else 0 (the derivative of ReLU). */
public final class Step extends UnaryOp {

  @Override
  public String type() {
    return "step";
  }

  @Override
  protected void map(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      y[i] = x[i] > 0f ? 1f : 0f;
    }
  }

  /** Piecewise constant: its derivative is zero wherever it exists. */
  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(g.zerosLike(g.input(0)));
  }
}
