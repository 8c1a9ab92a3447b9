package io.nabla.samples;

import static io.nabla.ops.Ops.abs;
import static io.nabla.ops.Ops.add;
import static io.nabla.ops.Ops.div;
import static io.nabla.ops.Ops.square;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.List;

/**
 * The worked example of a user-defined op: softsign, {@code y = x / (1 + |x|)}, a smooth
 * squashing function like tanh. Everything an op needs is here: a name, a shape rule, a forward
 * loop writing into the buffer the executor hands over, and a gradient built from graph nodes,
 * {@code dy / (1 + |x|)²}, so it can be differentiated again.
 */
public final class SoftSign implements Op {

  @Override
  public String type() {
    return "softsign";
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return ShapeRules.unary(this, inputs);
  }

  @Override
  public void compute(OpContext c) {
    float[] x = c.input(0).data();
    float[] y = c.output().data();
    for (int i = 0; i < c.output().size(); i++) {
      y[i] = x[i] / (1f + Math.abs(x[i]));
    }
  }

  @Override
  public List<Node> gradient(GradContext g) {
    Node x = g.input(0);
    return List.of(div(g.upstream(), square(add(abs(x), 1f))));
  }
}
