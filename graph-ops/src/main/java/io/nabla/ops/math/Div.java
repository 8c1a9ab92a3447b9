package io.nabla.ops.math;

import static io.nabla.ops.Ops.*;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;

/** a / b element-wise, with broadcasting. */
public final class Div extends BinaryOp {

  @Override
  public String type() {
    return "div";
  }

  @Override
  protected void combine(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out,
      int o, int n) {
    for (int i = 0; i < n; i++) {
      out[o + i] = a[ao + i * as] / b[bo + i * bs];
    }
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(div(g.upstream(), g.input(1)), neg(mul(g.upstream(), div(g.node(), g.input(1)))));
  }
}
