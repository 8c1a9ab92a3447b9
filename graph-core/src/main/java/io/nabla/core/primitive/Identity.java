package io.nabla.core.primitive;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.List;

/** y = x; gives a value a name of its own (autodiff names gradients {@code grad/<node>}). */
public final class Identity implements Op {

  @Override
  public String type() {
    return "identity";
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
    return List.of(g.upstream());
  }
}
