package io.nabla.ops.math;

import static io.nabla.ops.Ops.*;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;

/** a^b element-wise, with broadcasting. The gradient for b involves ln a, so it is NaN
 * where a ≤ 0; it is only evaluated when something needs the gradient of b. */
public final class Pow extends BinaryOp {

  @Override
  public String type() {
    return "pow";
  }

  @Override
  protected void combine(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out,
      int o, int n) {
    for (int i = 0; i < n; i++) {
      out[o + i] = (float) Math.pow(a[ao + i * as], b[bo + i * bs]);
    }
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(mul(g.upstream(), mul(g.input(1), pow(g.input(0), sub(g.input(1), 1f)))),
        mul(g.upstream(), mul(g.node(), log(g.input(0)))));
  }
}
