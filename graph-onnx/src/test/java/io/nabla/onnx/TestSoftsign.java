package io.nabla.onnx;

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

/** x / (1 + |x|): an op of the tests' own, which the standard exporter does not know. */
final class TestSoftsign implements Op {
  @Override
  public String type() {
    return "test_softsign";
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
      y[i] = x[i] / (1 + Math.abs(x[i]));
    }
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(div(g.upstream(), square(add(abs(g.input(0)), 1f))));
  }
}
