package io.nabla.ops.math;

import static io.nabla.ops.Ops.*;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;

/** y = max(x, 0). */
public final class Relu extends UnaryOp {

  @Override
  public String type() {
    return "relu";
  }

  @Override
  protected void map(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      // Math.max compiles to a vector max and keeps a NaN visible
      y[i] = Math.max(x[i], 0f);
    }
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(reluGrad(g.upstream(), g.input(0)));
  }
}
