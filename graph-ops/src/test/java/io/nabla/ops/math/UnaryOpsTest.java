package io.nabla.ops.math;

import static io.nabla.ops.Ops.abs;
import static io.nabla.ops.Ops.exp;
import static io.nabla.ops.Ops.heaviside;
import static io.nabla.ops.Ops.log;
import static io.nabla.ops.Ops.neg;
import static io.nabla.ops.Ops.relu;
import static io.nabla.ops.Ops.sigmoid;
import static io.nabla.ops.Ops.sign;
import static io.nabla.ops.Ops.sqrt;
import static io.nabla.ops.Ops.square;
import static io.nabla.ops.Ops.tanh;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.exec.Parallel;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Forward values and shapes of the element-wise functions of one tensor. */
class UnaryOpsTest {
  private static final float EPS = 1e-6f;

  /** Applies {@code f} to a placeholder fed {@code x} and returns the output. */
  private static Tensor apply(UnaryOperator<Node> f, Tensor x) {
    Graph g = new Graph();
    Node in = g.placeholder("x", x.shape());
    Node y = f.apply(in);
    return new Session(g).run(Map.of(in, x), y).get(y);
  }

  private static float[] apply(UnaryOperator<Node> f, float... x) {
    Tensor y = apply(f, Tensor.vector(x));
    assertEquals(Shape.of(x.length), y.shape(), "an element-wise op keeps the shape");
    return y.toArray();
  }

  @Test
  void reluZeroesNegativesAndZero() {
    assertArrayEquals(new float[] {0, 0, 0, 3}, apply(x -> relu(x), -2, -0.5f, 0, 3), 0f);
  }

  @Test
  void stepIsOneOnlyWhereStrictlyPositive() {
    assertArrayEquals(new float[] {0, 0, 0, 1, 1}, apply(x -> heaviside(x), -2, -0.5f, 0, 1e-3f, 3),
        0f);
  }

  @Test
  void absAndSignAndNeg() {
    assertArrayEquals(new float[] {2, 0.5f, 0, 3}, apply(x -> abs(x), -2, -0.5f, 0, 3), 0f);
    assertArrayEquals(new float[] {-1, -1, 0, 1}, apply(x -> sign(x), -2, -0.5f, 0, 3), 0f);
    assertArrayEquals(new float[] {2, 0.5f, 0, -3}, apply(x -> neg(x), -2, -0.5f, 0, 3), 0f);
  }

  @Test
  void squareAndSqrt() {
    assertArrayEquals(new float[] {9, 0.25f, 0, 4}, apply(x -> square(x), -3, 0.5f, 0, 2), 0f);
    assertArrayEquals(new float[] {0, 1, 2, 1.5f, 3}, apply(x -> sqrt(x), 0, 1, 4, 2.25f, 9),
        0f);
    assertTrue(Float.isNaN(apply(x -> sqrt(x), -1)[0]), "√-1 is NaN");
  }

  @Test
  void expAndLog() {
    float e = (float) Math.E;
    assertArrayEquals(new float[] {1, e, 1 / e, 1 / (e * e)}, apply(x -> exp(x), 0, 1, -1, -2),
        EPS);
    assertArrayEquals(new float[] {0, 1, -0.6931472f, 2.3025851f},
        apply(x -> log(x), 1, e, 0.5f, 10), EPS);
    assertEquals(Float.NEGATIVE_INFINITY, apply(x -> log(x), 0)[0], "ln 0 = -∞");
    assertArrayEquals(new float[] {-1.5f, 0, 0.25f, 2}, apply(x -> log(exp(x)), -1.5f, 0, 0.25f, 2),
        EPS);
  }

  @Test
  void tanhValues() {
    assertArrayEquals(new float[] {0, 0.46211716f, -0.9640276f, 1, -1},
        apply(x -> tanh(x), 0, 0.5f, -2, 20, -20), EPS);
  }

  @Test
  void sigmoidValues() {
    assertArrayEquals(new float[] {0.5f, 0.7310586f, 0.26894143f, 0.880797f, 0.11920292f},
        apply(x -> sigmoid(x), 0, 1, -1, 2, -2), EPS);
  }

  @Test
  void sigmoidSaturatesWithoutOverflow() {
    float[] y = apply(x -> sigmoid(x), -100, 100, -1000, 1000,
        Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
    for (float v : y) {
      assertTrue(!Float.isNaN(v), "sigmoid must not give NaN at large |x|: " + v);
    }
    assertEquals(0f, y[0], 1e-30f, "sigmoid(-100) ≈ 3.7e-44");
    assertEquals(1f, y[1], 0f, "sigmoid(100) rounds to exactly 1 in float32");
    assertEquals(0f, y[2], 0f);
    assertEquals(1f, y[3], 0f);
    assertEquals(0f, y[4], 0f);
    assertEquals(1f, y[5], 0f);
  }

  @Test
  void valuesOfAMatrixKeepTheirPlaces() {
    Tensor x = Tensor.matrix(new float[][] {{-1, 2, -3}, {4, -5, 6}});
    Tensor y = apply(n -> relu(n), x);
    assertEquals(Tensor.matrix(new float[][] {{0, 2, 0}, {4, 0, 6}}), y);
  }

  @Test
  void scalarStaysScalar() {
    Tensor y = apply(n -> square(n), Tensor.scalar(-3));
    assertEquals(Shape.scalar(), y.shape());
    assertEquals(9f, y.item(), 0f);
  }

  @Test
  void shapeIsTheInputShapeIncludingUnknownDimensions() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 4);
    assertEquals("[?,4]", tanh(x).shape().toString());
    assertEquals(Shape.of(-1, 4), sigmoid(relu(x)).shape());
    assertEquals(Shape.scalar(), exp(g.constant(1f)).shape());
  }

  @Test
  void wrongNumberOfInputsNamesTheNodeAndItsInputs() {
    Graph g = new Graph();
    Node a = g.placeholder("a", 2, 3);
    Node b = g.placeholder("b", 2, 3);
    ShapeException e = assertThrows(ShapeException.class, () -> g.apply(new Relu(), a, b));
    assertEquals("relu 'relu': takes 1 input but was given 2"
        + " (inputs: 'a' f32[2,3], 'b' f32[2,3])", e.getMessage());
  }

  @Test
  void bigInputComputedInParallelMatchesASerialLoop() {
    int n = (1 << 17) + 3; // several chunks of 1 << 15, the last one ragged
    Random random = new Random(5);
    Tensor x = Tensor.fromFunction(Shape.of(n), i -> 6 * random.nextDouble() - 3);
    float[] xs = x.toArray();
    int before = Parallel.threads();
    Parallel.setThreads(4);
    try {
      float[] tanh = apply(v -> tanh(v), x).toArray();
      float[] relu = apply(v -> relu(v), x).toArray();
      float[] sigmoid = apply(v -> sigmoid(v), x).toArray();
      for (int i = 0; i < n; i++) {
        assertEquals((float) Math.tanh(xs[i]), tanh[i], 0f, "tanh at " + i);
        assertEquals(xs[i] > 0 ? xs[i] : 0f, relu[i], 0f, "relu at " + i);
        assertEquals((float) (1 / (1 + Math.exp(-xs[i]))), sigmoid[i], 1e-7f, "sigmoid at " + i);
      }
    } finally {
      Parallel.setThreads(before);
    }
  }
}
