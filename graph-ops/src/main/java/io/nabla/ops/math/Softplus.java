package io.nabla.ops.math;

import static io.nabla.ops.Ops.*;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;

/** y = log(1 + e^x), a smooth ReLU; computed without overflow or loss of the tiny tail. */
public final class Softplus extends UnaryOp {

  @Override
  public String type() {
    return "softplus";
  }

  @Override
  protected void map(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      y[i] = softplus(x[i]);
    }
  }

  /** max(x, 0) + log1p(e^−|x|): never exponentiates a large positive number. */
  static float softplus(float x) {
    return (float) (Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs((double) x))));
  }

  /** dx = dy · sigmoid(x). */
  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(mul(g.upstream(), sigmoid(g.input(0))));
  }
}
