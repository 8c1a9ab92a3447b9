package io.nabla.ops.math;

import static io.nabla.ops.Ops.*;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;

/** a - b, with broadcasting. */
public final class Sub extends BinaryOp {

  @Override
  public String type() {
    return "sub";
  }

  @Override
  protected void combine(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out,
      int o, int n) {
    // one loop per stride pattern, so each is a plain unit-stride loop the JIT vectorises
    if (as == 1 && bs == 1) {
      for (int i = 0; i < n; i++) {
        out[o + i] = a[ao + i] - b[bo + i];
      }
    } else if (bs == 0) {
      float bv = b[bo];
      for (int i = 0; i < n; i++) {
        out[o + i] = a[ao + i * as] - bv;
      }
    } else {
      float av = a[ao];
      for (int i = 0; i < n; i++) {
        out[o + i] = av - b[bo + i];
      }
    }
  }


  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(g.upstream(), neg(g.upstream()));
  }
}
