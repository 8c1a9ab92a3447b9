package io.nabla.testing.fuzz;

import static io.nabla.ops.Ops.mul;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.List;

/** y = 2x with a deliberately wrong gradient, 3·dy: what the fuzzer must catch. */
final class WrongGradientOp implements Op {
  @Override
  public String type() {
    return "wrong_double";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    return ShapeRules.unary(this, in);
  }

  @Override
  public void compute(OpContext c) {
    float[] x = c.input(0).data();
    float[] y = c.output().data();
    for (int i = 0; i < c.output().size(); i++) {
      y[i] = 2 * x[i];
    }
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(mul(g.upstream(), 3f));
  }
}
