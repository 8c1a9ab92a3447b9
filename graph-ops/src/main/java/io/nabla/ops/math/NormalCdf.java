package io.nabla.ops.math;

import static io.nabla.ops.Ops.*;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.ops.kernel.SpecialFunctions;
import java.util.List;

/**
 * y = Φ(x) = ½ (1 + erf(x/√2)), the standard normal CDF; {@code x · Φ(x)} is the exact GELU
 * ({@link io.nabla.ops.Ops#gelu}).
 */
public final class NormalCdf extends UnaryOp {
  private static final float INV_SQRT_2PI = (float) (1.0 / Math.sqrt(2.0 * Math.PI));

  @Override
  public String type() {
    return "normal_cdf";
  }

  @Override
  protected void map(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      y[i] = (float) SpecialFunctions.normalCdf(x[i]);
    }
  }

  /** dx = dy · φ(x), the normal density φ(x) = e^(−x²/2) / √(2π). */
  @Override
  public List<Node> gradient(GradContext g) {
    Node density = mul(exp(mul(square(g.input(0)), -0.5f)), INV_SQRT_2PI);
    return List.of(mul(g.upstream(), density));
  }
}
