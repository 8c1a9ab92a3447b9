package io.nabla.ops.math;

import static io.nabla.ops.Ops.*;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;

/** y = 1 / (1 + e^-x), the logistic function. */
public final class Sigmoid extends UnaryOp {

  @Override
  public String type() {
    return "sigmoid";
  }

  @Override
  protected void map(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      y[i] = sigmoid(x[i]);
    }
  }

  /** Stable for large |x|: never exponentiates a large positive number. */
  static float sigmoid(float x) {
    if (x >= 0f) {
      return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
    double e = Math.exp(x);
    return (float) (e / (1.0 + e));
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(mul(g.upstream(), mul(g.node(), sub(1f, g.node()))));
  }
}
