package io.nabla.ops.math;

import static io.nabla.ops.Ops.*;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;
import java.util.Map;

/** y = x where x > 0, else α·x: a ReLU whose negative side keeps a small slope α. */
public final class LeakyRelu extends UnaryOp {
  private final float alpha;

  /** {@code alpha}: the slope for x ≤ 0, finite and ≥ 0 (0.01 is common). */
  public LeakyRelu(float alpha) {
    if (!Float.isFinite(alpha) || alpha < 0f) {
      throw new IllegalArgumentException("leaky_relu: alpha (the slope for x <= 0) must be a"
          + " finite number >= 0, not " + alpha + "; 0.01 is common");
    }
    this.alpha = alpha;
  }

  public float alpha() {
    return alpha;
  }

  @Override
  public String type() {
    return "leaky_relu";
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("alpha", alpha);
  }

  @Override
  protected void map(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      y[i] = x[i] > 0f ? x[i] : alpha * x[i];
    }
  }

  /** dx = dy · (α + (1 − α)·heaviside(x)): 1 where x > 0, α elsewhere. */
  @Override
  public List<Node> gradient(GradContext g) {
    Node slope = add(mul(heaviside(g.input(0)), 1f - alpha), alpha);
    return List.of(mul(g.upstream(), slope));
  }
}
