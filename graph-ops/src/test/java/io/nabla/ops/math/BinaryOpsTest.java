package io.nabla.ops.math;

import static io.nabla.ops.Ops.add;
import static io.nabla.ops.Ops.div;
import static io.nabla.ops.Ops.equal;
import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.pow;
import static io.nabla.ops.Ops.sub;
import static io.nabla.ops.Ops.sum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.GraphRunException;
import io.nabla.core.exec.Parallel;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/** Forward values, broadcasting and shape rules of the element-wise ops of two tensors. */
class BinaryOpsTest {

  /** Applies {@code f} to placeholders fed {@code a} and {@code b} and returns the output. */
  private static Tensor apply(BinaryOperator<Node> f, Tensor a, Tensor b) {
    Graph g = new Graph();
    Node pa = g.placeholder("a", a.shape());
    Node pb = g.placeholder("b", b.shape());
    Node y = f.apply(pa, pb);
    Tensor out = new Session(g).run(Map.of(pa, a, pb, b), y).get(y);
    assertEquals(y.shape(), out.shape(), "run-time shape equals the static one");
    return out;
  }

  private static Tensor matrix(float[]... rows) {
    return Tensor.matrix(rows);
  }

  // ---- values ----

  @Test
  void arithmeticOnEqualShapes() {
    Tensor a = Tensor.vector(6, -3, 1, 0);
    Tensor b = Tensor.vector(3, 2, 4, -5);
    assertArrayEquals(new float[] {9, -1, 5, -5}, apply((x, y) -> add(x, y), a, b).toArray(), 0f);
    assertArrayEquals(new float[] {3, -5, -3, 5}, apply((x, y) -> sub(x, y), a, b).toArray(), 0f);
    assertArrayEquals(new float[] {18, -6, 4, -0f}, apply((x, y) -> mul(x, y), a, b).toArray(),
        0f);
    assertArrayEquals(new float[] {2, -1.5f, 0.25f, -0f}, apply((x, y) -> div(x, y), a, b)
        .toArray(), 0f);
  }

  @Test
  void divisionByZeroIsInfinite() {
    Tensor y = apply((x, z) -> div(x, z), Tensor.vector(1, -1), Tensor.vector(0, 0));
    assertArrayEquals(new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY},
        y.toArray(), 0f);
  }

  @Test
  void powValues() {
    assertEquals(8f, apply((x, y) -> pow(x, y), Tensor.scalar(2), Tensor.scalar(3)).item(), 0f);
    assertArrayEquals(new float[] {2, 3, 0.5f, 1, 0.25f},
        apply((x, y) -> pow(x, y), Tensor.vector(4, 9, 2, 7, 0.5f),
            Tensor.vector(0.5f, 0.5f, -1, 0, 2)).toArray(), 1e-7f);
    assertArrayEquals(new float[] {1, 4, 9, 4},
        apply((x, y) -> pow(x, 2f), Tensor.vector(-1, 2, 3, -2), Tensor.scalar(0))
            .toArray(), 0f);
    assertArrayEquals(new float[] {-8},
        apply((x, y) -> pow(x, y), Tensor.vector(-2), Tensor.vector(3)).toArray(), 0f);
  }

  @Test
  void equalIsAMask() {
    assertArrayEquals(new float[] {1, 0, 1, 0},
        apply((x, y) -> equal(x, y), Tensor.vector(1, 2, 3, 4), Tensor.vector(1, 0, 3, -4))
            .toArray(), 0f);
    assertEquals(matrix(new float[] {0, 1, 0}, new float[] {1, 0, 0}),
        apply((x, y) -> equal(x, y), matrix(new float[] {1, 2, 3}, new float[] {2, 1, 0}),
            Tensor.scalar(2)));
  }

  @Test
  void addBroadcastsAVectorOverRows() {
    Tensor y = apply((x, z) -> add(x, z), matrix(new float[] {1, 2, 3}, new float[] {4, 5, 6}),
        Tensor.vector(10, 20, 30));
    assertEquals(matrix(new float[] {11, 22, 33}, new float[] {14, 25, 36}), y);
  }

  @Test
  void columnTimesRowIsTheOuterProduct() {
    Tensor column = Tensor.of(new float[] {1, 2, 3}, 3, 1);
    Tensor row = Tensor.of(new float[] {1, 10, 100, 1000}, 1, 4);
    assertEquals(matrix(
        new float[] {1, 10, 100, 1000},
        new float[] {2, 20, 200, 2000},
        new float[] {3, 30, 300, 3000}), apply((x, z) -> mul(x, z), column, row));
  }

  @Test
  void scalarAgainstATensorOnEitherSide() {
    Tensor m = matrix(new float[] {1, 2}, new float[] {4, 8});
    Tensor two = Tensor.scalar(2);
    assertEquals(matrix(new float[] {-1, 0}, new float[] {2, 6}),
        apply((x, z) -> sub(x, z), m, two));
    assertEquals(matrix(new float[] {1, 0}, new float[] {-2, -6}),
        apply((x, z) -> sub(x, z), two, m));
    assertEquals(matrix(new float[] {2, 1}, new float[] {0.5f, 0.25f}),
        apply((x, z) -> div(x, z), two, m));
    assertEquals(matrix(new float[] {2, 4}, new float[] {16, 256}),
        apply((x, z) -> pow(x, z), two, m));
    Tensor both = apply((x, z) -> mul(x, z), Tensor.scalar(3), two);
    assertEquals(Shape.scalar(), both.shape());
    assertEquals(6f, both.item(), 0f);
  }

  @Test
  void floatOperandsBecomeScalarConstants() {
    Tensor v = Tensor.vector(1, 2, 4);
    assertArrayEquals(new float[] {0, -1, -3}, apply((x, z) -> sub(1f, x), v, v).toArray(), 0f);
    assertArrayEquals(new float[] {1, 0.5f, 0.25f}, apply((x, z) -> div(1f, x), v, v).toArray(),
        0f);
    assertArrayEquals(new float[] {3, 4, 6}, apply((x, z) -> add(x, 2f), v, v).toArray(), 0f);
  }

  @Test
  void rank3AgainstRank2Broadcast() {
    // a[i,j,k] = 2·(3i + j) + k, b[j] = 100·(j + 1): out[i,j,k] = a[i,j,k] + b[j]
    Tensor a = Tensor.fromFunction(Shape.of(2, 3, 2), i -> i);
    Tensor b = Tensor.of(new float[] {100, 200, 300}, 3, 1);
    Tensor y = apply((x, z) -> add(x, z), a, b);
    assertEquals(Tensor.of(new float[] {
        100, 101, 202, 203, 304, 305,
        106, 107, 208, 209, 310, 311}, 2, 3, 2), y);
  }

  @Test
  void bothOperandsStretchedAlongDifferentAxes() {
    // a[2,1,3] · b[2,1] → [2,2,3]: out[i,j,k] = a[i,0,k] · b[j,0]
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 1, 3);
    Tensor b = Tensor.of(new float[] {1, -10}, 2, 1);
    Tensor y = apply((x, z) -> mul(x, z), a, b);
    assertEquals(Tensor.of(new float[] {
        1, 2, 3, -10, -20, -30,
        4, 5, 6, -40, -50, -60}, 2, 2, 3), y);
  }

  // ---- static shapes ----

  @Test
  void broadcastShapes() {
    Graph g = new Graph();
    assertEquals(Shape.of(2, 3), add(g.placeholder("m", 2, 3), g.placeholder("v", 3)).shape());
    assertEquals(Shape.of(3, 4), mul(g.placeholder("c", 3, 1), g.placeholder("r", 1, 4)).shape());
    assertEquals(Shape.of(2, 3), sub(g.constant(1f), g.placeholder("s", 2, 3)).shape());
    assertEquals(Shape.of(2, 3, 4),
        div(g.placeholder("t", 2, 3, 4), g.placeholder("u", 3, 1)).shape());
    assertEquals(Shape.scalar(), pow(g.constant(2f), g.constant(3f)).shape());
  }

  @Test
  void unknownDimensionsSurviveOrTakeTheKnownSize() {
    Graph g = new Graph();
    Node batch = g.placeholder("x", -1, 4);
    assertEquals("[?,4]", add(batch, g.placeholder("bias", 4)).shape().toString());
    assertEquals("[?,5]", mul(g.placeholder("col", -1, 1), g.placeholder("row", 1, 5)).shape()
        .toString());
    assertEquals("[?,4]", sub(batch, g.placeholder("other", -1, 4)).shape().toString());
    assertEquals("[3,4]", add(batch, g.placeholder("fixed", 3, 4)).shape().toString(),
        "an unknown dimension against 3 can only be 3 (or 1, which broadcasts to 3)");
    assertEquals("[?,4]", equal(batch, g.constant(0f)).shape().toString());
  }

  @Test
  void shapesThatDoNotBroadcastNameTheNodeAndItsInputs() {
    Graph g = new Graph();
    Node a = g.placeholder("a", 2, 3);
    Node b = g.placeholder("b", 4);
    ShapeException e = assertThrows(ShapeException.class, () -> add(a, b));
    assertEquals("add 'add': shapes do not broadcast: a f32[2,3] and b f32[4]; trailing"
        + " dimensions must be equal or 1. Reshape one side, or add the missing axis as a"
        + " dimension of size 1 (inputs: 'a' f32[2,3], 'b' f32[4])", e.getMessage());
    assertTrue(g.find("add").isEmpty(), "a node that failed its shape rule is not added");
  }

  @Test
  void shapeErrorWithUnknownBatchInsideAScope() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3);
    ShapeException e;
    try (Scope s = g.scope("layer")) {
      Node w = g.placeholder("w", 4, 2);
      e = assertThrows(ShapeException.class, () -> mul(x, w));
    }
    assertTrue(e.getMessage().startsWith("mul 'layer/mul': shapes do not broadcast:"
        + " a f32[?,3] and b f32[4,2]"), e.getMessage());
    assertTrue(e.getMessage().endsWith("(inputs: 'x' f32[?,3], 'layer/w' f32[4,2])"),
        e.getMessage());
  }

  @Test
  void unknownBatchesThatDisagreeFailAtRunTimeNamingTheNode() {
    Graph g = new Graph();
    Node a = g.placeholder("a", -1, 2);
    Node b = g.placeholder("b", -1, 2);
    Node y = add(a, b);
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> new Session(g).run(Map.of(a, Tensor.zeros(2, 2), b, Tensor.zeros(3, 2)), y));
    assertTrue(e.getMessage().startsWith("while running add 'add' (inputs: 'a' f32[2,2],"
        + " 'b' f32[3,2]): shapes do not broadcast: a f32[2,2] and b f32[3,2]"), e.getMessage());
  }

  @Test
  void broadcastAlongAnUnknownDimensionIsRefusedBecauseItsGradientWouldBeWrong() {
    Graph g = new Graph();
    Node a = g.placeholder("a", -1, 2);
    Node b = g.placeholder("b", -1, 2);
    Node y = mul(a, b);
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> new Session(g).run(Map.of(a, Tensor.zeros(1, 2), b, Tensor.zeros(3, 2)), y));
    assertTrue(e.getMessage().contains("input 'a' is f32[1,2] and would be broadcast along axis 0"
        + " to f32[3,2], but its static shape f32[?,2] leaves that axis unknown; declare the axis"
        + " as 1 to broadcast along it"), e.getMessage());
  }

  // ---- run time ----

  @Test
  void shapesAreInferredAgainForEachBatchSize() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3);
    Node scale = g.placeholder("scale", -1, 1);
    Node bias = g.constant("bias", Tensor.vector(1, 2, 3));
    Node y = add(mul(x, scale), bias);
    List<Node> grads = Autodiff.gradients(sum(y), scale, bias);
    Node dScale = grads.get(0);
    Node dBias = grads.get(1);
    Session session = new Session(g);
    for (int batch : new int[] {2, 5, 1, 2}) {
      Tensor xv = Tensor.fromFunction(Shape.of(batch, 3), i -> i);
      Tensor sv = Tensor.fromFunction(Shape.of(batch, 1), r -> r + 1);
      Results out = session.run(Map.of(x, xv, scale, sv), y, dScale, dBias);
      Tensor yv = out.get(y);
      assertEquals(Shape.of(batch, 3), yv.shape(), "batch " + batch);
      for (int r = 0; r < batch; r++) {
        for (int c = 0; c < 3; c++) {
          assertEquals((3 * r + c) * (r + 1) + (c + 1), yv.at(r, c), 0f,
              "batch " + batch + " at [" + r + "," + c + "]");
        }
      }
      // broadcast operands get the upstream gradient summed back to their run-time shape:
      // the scale of row r over its three columns (x[r,0] + x[r,1] + x[r,2] = 9r + 3), the
      // bias over the rows of the batch
      Tensor ds = out.get(dScale);
      assertEquals(Shape.of(batch, 1), ds.shape(), "batch " + batch);
      for (int r = 0; r < batch; r++) {
        assertEquals(9 * r + 3, ds.at(r, 0), 0f, "batch " + batch + " d scale[" + r + "]");
      }
      assertArrayEquals(new float[] {batch, batch, batch}, out.get(dBias).toArray(), 0f,
          "batch " + batch);
    }
  }

  @Test
  void bigInputsComputedInParallelMatchASerialLoop() {
    int n = (1 << 17) + 3; // several chunks of 1 << 15, the last one ragged
    Random random = new Random(11);
    Tensor a = Tensor.fromFunction(Shape.of(n), i -> 4 * random.nextDouble() - 2);
    Tensor b = Tensor.fromFunction(Shape.of(n), i -> 0.5 + 1.5 * random.nextDouble());
    Tensor s = Tensor.scalar(0.75f);
    float[] av = a.toArray();
    float[] bv = b.toArray();
    int before = Parallel.threads();
    Parallel.setThreads(4);
    try {
      float[] sum = apply((x, z) -> add(x, z), a, b).toArray();
      float[] quotient = apply((x, z) -> div(x, z), a, b).toArray();
      float[] power = apply((x, z) -> pow(x, z), b, a).toArray();
      float[] scaled = apply((x, z) -> mul(x, z), s, a).toArray();
      float[] shifted = apply((x, z) -> sub(x, z), a, s).toArray();
      for (int i = 0; i < n; i++) {
        assertEquals(av[i] + bv[i], sum[i], 0f, "add at " + i);
        assertEquals(av[i] / bv[i], quotient[i], 0f, "div at " + i);
        assertEquals((float) Math.pow(bv[i], av[i]), power[i], 0f, "pow at " + i);
        assertEquals(0.75f * av[i], scaled[i], 0f, "mul by a scalar at " + i);
        assertEquals(av[i] - 0.75f, shifted[i], 0f, "sub a scalar at " + i);
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void bigBroadcastMatchesASerialLoop() {
    int rows = 512;
    int cols = 257;
    Random random = new Random(12);
    Tensor m = Tensor.fromFunction(Shape.of(rows, cols), i -> random.nextGaussian());
    Tensor v = Tensor.fromFunction(Shape.of(cols), i -> random.nextGaussian());
    Tensor c = Tensor.fromFunction(Shape.of(rows, 1), i -> random.nextGaussian());
    float[] viaRow = apply((x, z) -> mul(x, z), m, v).toArray();
    float[] viaColumn = apply((x, z) -> sub(x, z), m, c).toArray();
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < cols; k++) {
        int i = r * cols + k;
        assertEquals(m.get(i) * v.get(k), viaRow[i], 0f, "mul at [" + r + "," + k + "]");
        assertEquals(m.get(i) - c.get(r), viaColumn[i], 0f, "sub at [" + r + "," + k + "]");
      }
    }
  }
}
