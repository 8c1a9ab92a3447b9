package io.nabla.core.autodiff;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Broadcast;
import io.nabla.core.tensor.Shape;
import java.util.List;

/**
 * A test op: {@code a + b} with numpy broadcasting, whose gradient hands the upstream gradient,
 * at the output's shape, to both inputs and leaves summing it back to autodiff.
 */
final class BroadcastAdd implements Op {

  @Override
  public String type() {
    return "badd";
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return ShapeRules.broadcast(this, inputs);
  }

  @Override
  public void compute(OpContext c) {
    float[] a = c.input(0).data();
    float[] b = c.input(1).data();
    float[] o = c.output().data();
    Shape out = c.output().shape();
    if (out.rank() == 0) {
      o[0] = a[0] + b[0];
      return;
    }
    int[][] strides = {
        Broadcast.strides(c.input(0).shape(), out), Broadcast.strides(c.input(1).shape(), out)};
    int inner = out.dim(-1);
    int sa = strides[0][out.rank() - 1];
    int sb = strides[1][out.rank() - 1];
    Broadcast.forEachRow(out, strides, (oo, off) -> {
      for (int k = 0; k < inner; k++) {
        o[oo + k] = a[off[0] + k * sa] + b[off[1] + k * sb];
      }
    });
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(g.upstream(), g.upstream());
  }
}
