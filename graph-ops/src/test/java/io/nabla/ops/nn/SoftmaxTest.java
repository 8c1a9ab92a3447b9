package io.nabla.ops.nn;

import static io.nabla.ops.Ops.logSoftmax;
import static io.nabla.ops.Ops.softmax;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** Values, stability and shape errors of softmax and log-softmax. */
class SoftmaxTest {
  /** softmax([0, 1, 2]) = e^i / (1 + e + e²). */
  private static final float[] SOFTMAX_012 = {0.09003057f, 0.24472847f, 0.66524096f};

  @Test
  void matchesTheDefinitionOnASmallRow() {
    Tensor y = run(Tensor.vector(0, 1, 2), x -> softmax(x));
    assertArrayEquals(SOFTMAX_012, y.toArray(), 1e-6f);
    Tensor logY = run(Tensor.vector(0, 1, 2), x -> logSoftmax(x));
    for (int i = 0; i < 3; i++) {
      assertEquals(Math.log(SOFTMAX_012[i]), logY.get(i), 1e-6);
    }
  }

  @Test
  void rowsSumToOneAlongTheChosenAxis() {
    Random random = new Random(3);
    Tensor x = Tensor.fromFunction(Shape.of(2, 3, 4), i -> 3 * random.nextGaussian());
    for (int axis : new int[] {0, 1, 2, -1}) {
      Tensor y = run(x, n -> softmax(n, axis));
      assertEquals(x.shape(), y.shape());
      int a = axis < 0 ? axis + 3 : axis;
      int[] idx = new int[3];
      int[] dims = {2, 3, 4};
      for (int i = 0; i < x.size(); i++) {
        assertTrue(y.get(i) > 0f && y.get(i) < 1f, "axis " + axis + " element " + i);
      }
      // every slice along the axis sums to 1
      int[] other = new int[2];
      int o = 0;
      for (int d = 0; d < 3; d++) {
        if (d != a) {
          other[o++] = d;
        }
      }
      for (int p = 0; p < dims[other[0]]; p++) {
        for (int q = 0; q < dims[other[1]]; q++) {
          idx[other[0]] = p;
          idx[other[1]] = q;
          double total = 0;
          for (int r = 0; r < dims[a]; r++) {
            idx[a] = r;
            total += y.at(idx);
          }
          assertEquals(1.0, total, 1e-6, "axis " + axis + " slice " + p + "," + q);
        }
      }
    }
  }

  @Test
  void softmaxAlongAxisZeroOfAMatrixNormalisesColumns() {
    Tensor x = Tensor.matrix(new float[][] {{0, 5}, {1, 5}, {2, 5}});
    Tensor y = run(x, n -> softmax(n, 0));
    assertArrayEquals(new float[] {SOFTMAX_012[0], 1 / 3f, SOFTMAX_012[1], 1 / 3f,
        SOFTMAX_012[2], 1 / 3f}, y.toArray(), 1e-6f);
  }

  @Test
  void largeLogitsDoNotOverflow() {
    Tensor y = run(Tensor.vector(1000, 1001, 1002), x -> softmax(x));
    assertArrayEquals(SOFTMAX_012, y.toArray(), 1e-6f);
    Tensor small = run(Tensor.vector(-1000, -999, -998), x -> softmax(x));
    assertArrayEquals(SOFTMAX_012, small.toArray(), 1e-6f);
  }

  @Test
  void logSoftmaxEqualsTheLogOfSoftmaxAndStaysFinite() {
    Random random = new Random(5);
    Tensor x = Tensor.fromFunction(Shape.of(3, 4), i -> 2 * random.nextGaussian());
    for (int axis : new int[] {0, -1}) {
      Tensor y = run(x, n -> softmax(n, axis));
      Tensor logY = run(x, n -> logSoftmax(n, axis));
      for (int i = 0; i < x.size(); i++) {
        assertEquals(Math.log(y.get(i)), logY.get(i), 1e-5, "axis " + axis + " element " + i);
      }
    }
    // ln softmax of [1000, 1001, 1002] is [0, 1, 2] − ln(1 + e + e²)
    Tensor big = run(Tensor.vector(1000, 1001, 1002), n -> logSoftmax(n));
    double lse = Math.log(1 + Math.E + Math.E * Math.E);
    // the logits are only exact to a few 1e-5 at 1000 in float32
    assertArrayEquals(new float[] {(float) -lse, (float) (1 - lse), (float) (2 - lse)},
        big.toArray(), 1e-4f);
    // where softmax underflows to 0, log-softmax still gives the finite answer
    Tensor far = run(Tensor.vector(0, 200), n -> logSoftmax(n));
    assertEquals(0f, run(Tensor.vector(0, 200), n -> softmax(n)).get(0));
    assertEquals(-200f, far.get(0), 1e-4f);
    assertEquals(0f, far.get(1), 1e-6f);
  }

  @Test
  void axisOutOfRangeIsRejected() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 3, 4);
    ShapeException e = assertThrows(ShapeException.class, () -> softmax(x, 2));
    assertEquals("softmax 'softmax': axis 2 is out of range for f32[3,4]; valid axes are -2"
        + " to 1 (inputs: 'x' f32[3,4])", e.getMessage());
    ShapeException log = assertThrows(ShapeException.class, () -> logSoftmax(x, -3));
    assertEquals("log_softmax 'log_softmax': axis -3 is out of range for f32[3,4]; valid axes"
        + " are -2 to 1 (inputs: 'x' f32[3,4])", log.getMessage());
  }

  /** Builds {@code op} on a placeholder holding {@code x} and runs it. */
  private static Tensor run(Tensor x, UnaryOperator<Node> op) {
    Graph g = new Graph();
    Node p = g.placeholder("x", x.shape());
    Node y = op.apply(p);
    return new Session(g).run(Map.of(p, x), y).get(y);
  }
}
