package io.nabla.core.primitive;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.Collections;
import java.util.List;

/** y = x in the forward pass; no gradient flows back through it. */
public final class StopGradient implements Op {

  @Override
  public String type() {
    return "stop_gradient";
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return ShapeRules.unary(this, inputs);
  }

  @Override
  public void compute(OpContext c) {
    System.arraycopy(c.input(0).data(), 0, c.output().data(), 0, c.output().size());
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return Collections.singletonList(null);
  }

  @Override
  public boolean isDifferentiable(int index) {
    return false;
  }
}
