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
    for (int i = 0; i < n; i++) {
      out[o + i] = a[ao + i * as] == b[bo + i * bs] ? 1f : 0f;
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
