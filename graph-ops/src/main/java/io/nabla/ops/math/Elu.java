package io.nabla.ops.math;

import static io.nabla.ops.Ops.*;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;
import java.util.Map;

/** y = x where x > 0, else α·(e^x − 1): the exponential linear unit. */
public final class Elu extends UnaryOp {
  private final float alpha;

  /** {@code alpha}: the value y approaches as x → −∞ is −α; finite and ≥ 0 (1 is common). */
  public Elu(float alpha) {
    if (!Float.isFinite(alpha) || alpha < 0f) {
      throw new IllegalArgumentException("elu: alpha (the negative saturation) must be a finite"
          + " number >= 0, not " + alpha + "; 1 is common");
    }
    this.alpha = alpha;
  }

  public float alpha() {
    return alpha;
  }

  @Override
  public String type() {
    return "elu";
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("alpha", alpha);
  }

  @Override
  protected void map(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      y[i] = x[i] > 0f ? x[i] : (float) (alpha * Math.expm1(x[i]));
    }
  }

  /**
   * dx = dy where x > 0, else dy · α·e^x = dy · (y + α). Written with y rather than e^x, which
   * would overflow to ∞·0 for large positive x.
   */
  @Override
  public List<Node> gradient(GradContext g) {
    Node s = heaviside(g.input(0));
    Node slope = add(s, mul(sub(1f, s), add(g.node(), alpha)));
    return List.of(mul(g.upstream(), slope));
  }
}
