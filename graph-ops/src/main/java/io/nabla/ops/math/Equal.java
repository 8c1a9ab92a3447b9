package io.nabla.ops.math;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.Arrays;
import java.util.List;

/** 1 where a = b, else 0, with broadcasting (a mask, e.g. of a maximum). */
public final class Equal extends BinaryOp {

  @Override
  public String type() {
    return "equal";
  }

  @Override
  protected void combine(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out,
      int o, int n) {
    // one loop per stride pattern, so each is a plain unit-stride loop the JIT vectorises
    if (as == 1 && bs == 1) {
      for (int i = 0; i < n; i++) {
        out[o + i] = a[ao + i] == b[bo + i] ? 1f : 0f;
      }
    } else if (bs == 0) {
      float bv = b[bo];
      for (int i = 0; i < n; i++) {
        out[o + i] = a[ao + i * as] == bv ? 1f : 0f;
      }
    } else {
      float av = a[ao];
      for (int i = 0; i < n; i++) {
        out[o + i] = av == b[bo + i] ? 1f : 0f;
      }
    }
  }


  /** A comparison has no gradient with respect to either side. */
  @Override
  public List<Node> gradient(GradContext g) {
    return Arrays.asList(null, null);
  }

  @Override
  public boolean isDifferentiable(int index) {
    return false;
  }
}
