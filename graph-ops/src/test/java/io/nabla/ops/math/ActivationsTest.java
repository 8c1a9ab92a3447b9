package io.nabla.ops.math;

import static io.nabla.ops.Ops.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.Ops;
import io.nabla.ops.kernel.SpecialFunctions;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Forward values, gradients and attribute checks of leaky ReLU, ELU, softplus, Φ and GELU. */
class ActivationsTest {

  /** f applied to a vector placeholder fed {@code values}. */
  private static float[] eval(UnaryOperator<Node> f, float... values) {
    Graph g = new Graph();
    Node x = g.placeholder("x", values.length);
    Node y = f.apply(x);
    return new Session(g).run(Map.of(x, Tensor.vector(values)), y).get(y).toArray();
  }

  /** The gradient of sum(f(x)) at {@code values}: the derivative f' element by element. */
  private static float[] derivative(UnaryOperator<Node> f, float... values) {
    Graph g = new Graph();
    Node x = g.placeholder("x", values.length);
    Node dx = Autodiff.gradients(sum(f.apply(x)), x).get(0);
    return new Session(g).run(Map.of(x, Tensor.vector(values)), dx).get(dx).toArray();
  }

  @Test
  void leakyReluScalesTheNegativeSide() {
    assertArrayEquals(new float[] {-0.2f, 3f, 0f}, eval(x -> leakyRelu(x, 0.1f), -2, 3, 0),
        1e-7f);
    assertArrayEquals(new float[] {-0.02f, 5f}, eval(Ops::leakyRelu, -2, 5), 1e-7f);
    assertArrayEquals(new float[] {0.1f, 1f}, derivative(x -> leakyRelu(x, 0.1f), -2, 3),
        1e-7f);
  }

  @Test
  void eluSaturatesAtMinusAlpha() {
    float[] y = eval(x -> elu(x, 1.5f), -2, 0, 2, -100);
    assertArrayEquals(new float[] {-1.2969971f, 0f, 2f, -1.5f}, y, 1e-6f);
    // x ≤ 0: α·e^x; x > 0: 1, also where e^x would overflow
    assertArrayEquals(new float[] {1.5f * (float) Math.exp(-2), 1f, 1f},
        derivative(x -> elu(x, 1.5f), -2, 2, 200), 1e-6f);
  }

  @Test
  void softplusIsStableForLargeMagnitudes() {
    float[] y = eval(Ops::softplus, 0, 100, -100, 20, -1);
    assertEquals(Math.log(2), y[0], 1e-7);
    assertEquals(100f, y[1], 0f);
    assertFalse(Float.isNaN(y[2]));
    assertTrue(y[2] > 0f && y[2] < 4e-44f, "softplus(-100) ≈ 3.7e-44 but was " + y[2]);
    assertEquals(20f, y[3], 1e-6f);
    assertEquals(Math.log1p(Math.exp(-1)), y[4], 1e-7);
    assertArrayEquals(new float[] {0.5f, 1f, 0f, 0.26894143f},
        derivative(Ops::softplus, 0, 100, -100, -1), 1e-7f);
  }

  @Test
  void normalCdfMatchesTheTable() {
    float[] y = eval(Ops::normalCdf, 0, 1.96f, 1, -3, -6, 100, -100);
    assertEquals(0.5f, y[0], 0f);
    assertEquals(0.9750021048517795, y[1], 1e-7);
    assertEquals(0.8413447460685429, y[2], 1e-7);
    // the tails keep their relative accuracy
    assertEquals(1, y[3] / 0.0013498980316300957, 1e-6);
    assertEquals(1, y[4] / 9.865876450377012e-10, 1e-6);
    assertEquals(1f, y[5], 0f);
    assertEquals(0f, y[6], 0f);
    // φ(0) = 1/√(2π), φ(1) = e^−½/√(2π)
    assertArrayEquals(new float[] {0.39894228f, 0.24197072f, 0f},
        derivative(Ops::normalCdf, 0, 1, -100), 1e-7f);
  }

  @Test
  void erfIsFloatAccurate() {
    assertEquals(0.5204998778130465, SpecialFunctions.erf(0.5), 1e-15);
    assertEquals(0.8427007929497149, SpecialFunctions.erf(1), 3e-8);
    assertEquals(0.9953222650189527, SpecialFunctions.erf(2), 3e-8);
    assertEquals(-0.8427007929497149, SpecialFunctions.erf(-1), 3e-8);
    assertEquals(1, SpecialFunctions.erf(1e-5) / 1.1283791670579e-05, 1e-12);
    assertEquals(0, SpecialFunctions.erf(0), 0);
    assertEquals(1, SpecialFunctions.erfc(3) / 2.2090496998585438e-05, 2e-7);
    assertEquals(1, SpecialFunctions.erfc(5) / 1.5374597944280351e-12, 2e-7);
    assertEquals(1, SpecialFunctions.erfc(8) / 1.1224297172982928e-29, 2e-7);
    assertEquals(2, SpecialFunctions.erfc(-8), 1e-15);
    assertTrue(Double.isNaN(SpecialFunctions.erf(Double.NaN)));
  }

  @Test
  void geluIsXTimesPhi() {
    float[] y = eval(Ops::gelu, 1, -1, 0, 3);
    assertArrayEquals(new float[] {0.8413447f, -0.15865526f, 0f, 2.9959503f}, y, 1e-6f);
    // d/dx x·Φ(x) = Φ(x) + x·φ(x); at 1: 0.8413447 + 0.2419707
    assertArrayEquals(new float[] {1.0833155f, 0.5f}, derivative(Ops::gelu, 1, 0), 1e-6f);
  }

  @Test
  void attributesAreValidated() {
    var leaky = assertThrows(IllegalArgumentException.class, () -> new LeakyRelu(-0.1f));
    assertEquals("leaky_relu: alpha (the slope for x <= 0) must be a finite number >= 0, not"
        + " -0.1; 0.01 is common", leaky.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LeakyRelu(Float.NaN));
    var elu = assertThrows(IllegalArgumentException.class,
        () -> new Elu(Float.POSITIVE_INFINITY));
    assertEquals("elu: alpha (the negative saturation) must be a finite number >= 0, not"
        + " Infinity; 1 is common", elu.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Elu(-1f));
    assertEquals(Map.of("alpha", 0.2f), new LeakyRelu(0.2f).attributes());
  }

  @Test
  void unaryShapeRuleNamesTheNode() {
    Graph g = new Graph();
    Node a = g.placeholder("a", 2);
    Node b = g.placeholder("b", 2);
    var e = assertThrows(ShapeException.class, () -> g.apply(new Softplus(), a, b));
    assertEquals("softplus 'softplus': takes 1 input but was given 2 (inputs: 'a' f32[2],"
        + " 'b' f32[2])", e.getMessage());
    Results r = new Session(g).run(Map.of(a, Tensor.vector(1, 2)), elu(a));
    assertEquals(2, r.get(g.node("elu")).size());
  }
}
