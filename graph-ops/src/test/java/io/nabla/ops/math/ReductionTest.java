package io.nabla.ops.math;

import static io.nabla.ops.Ops.count;
import static io.nabla.ops.Ops.max;
import static io.nabla.ops.Ops.mean;
import static io.nabla.ops.Ops.sum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Shapes, values and errors of sum, mean, max and count. */
class ReductionTest {
  /** x[i][j][k] = 12i + 4j + k: 0 … 23 in a [2,3,4]. */
  private static final Tensor X = Tensor.fromFunction(Shape.of(2, 3, 4), i -> i);

  /** [[1, 5, 3], [4, 2, 6]]. */
  private static final Tensor M = Tensor.matrix(new float[][] {{1, 5, 3}, {4, 2, 6}});

  @Test
  void sumsOverSingleAxes() {
    Tensor rows = run(M, x -> sum(x, false, 1));
    assertEquals(Shape.of(2), rows.shape());
    assertArrayEquals(new float[] {9, 12}, rows.toArray());
    Tensor cols = run(M, x -> sum(x, true, 0));
    assertEquals(Shape.of(1, 3), cols.shape());
    assertArrayEquals(new float[] {5, 7, 9}, cols.toArray());
    assertArrayEquals(new float[] {9, 12}, run(M, x -> sum(x, false, -1)).toArray());
  }

  @Test
  void sumsOverSeveralAxesWithAndWithoutKeptDimensions() {
    // over i and k: Σ_i Σ_k (12i + 4j + k) = 2·4·4j + 4·12 + 2·6 = 32j + 60
    Tensor dropped = run(X, x -> sum(x, false, 0, 2));
    assertEquals(Shape.of(3), dropped.shape());
    assertArrayEquals(new float[] {60, 92, 124}, dropped.toArray());
    Tensor kept = run(X, x -> sum(x, true, -1, -3));
    assertEquals(Shape.of(1, 3, 1), kept.shape());
    assertArrayEquals(new float[] {60, 92, 124}, kept.toArray());
    // over j: Σ_j (12i + 4j + k) = 36i + 12 + 3k
    Tensor overJ = run(X, x -> sum(x, true, 1));
    assertEquals(Shape.of(2, 1, 4), overJ.shape());
    assertArrayEquals(new float[] {12, 15, 18, 21, 48, 51, 54, 57}, overJ.toArray());
  }

  @Test
  void sumsEverythingWhenNoAxesAreGiven() {
    Tensor all = run(X, x -> sum(x));
    assertEquals(Shape.scalar(), all.shape());
    assertEquals(276f, all.item());
    Tensor kept = run(X, x -> sum(x, true));
    assertEquals(Shape.of(1, 1, 1), kept.shape());
    assertEquals(276f, kept.item());
  }

  @Test
  void meansDivideByTheReducedCount() {
    assertArrayEquals(new float[] {3, 4}, run(M, x -> mean(x, false, 1)).toArray());
    Tensor cols = run(M, x -> mean(x, true, 0));
    assertEquals(Shape.of(1, 3), cols.shape());
    assertArrayEquals(new float[] {2.5f, 3.5f, 4.5f}, cols.toArray());
    Tensor overIk = run(X, x -> mean(x, false, 0, -1));
    assertArrayEquals(new float[] {60 / 8f, 92 / 8f, 124 / 8f}, overIk.toArray());
    assertEquals(11.5f, run(X, x -> mean(x)).item());
    Tensor kept = run(X, x -> mean(x, true));
    assertEquals(Shape.of(1, 1, 1), kept.shape());
    assertEquals(11.5f, kept.item());
  }

  @Test
  void maxOverAxes() {
    assertArrayEquals(new float[] {5, 6}, run(M, x -> max(x, false, 1)).toArray());
    Tensor cols = run(M, x -> max(x, true, 0));
    assertEquals(Shape.of(1, 3), cols.shape());
    assertArrayEquals(new float[] {4, 5, 6}, cols.toArray());
    assertEquals(6f, run(M, x -> max(x, false)).item());
    Tensor overIk = run(X, x -> max(x, true, 0, 2));
    assertEquals(Shape.of(1, 3, 1), overIk.shape());
    assertArrayEquals(new float[] {15, 19, 23}, overIk.toArray());
    Tensor overJ = run(X, x -> max(x, false, -2));
    assertEquals(Shape.of(2, 4), overJ.shape());
    assertArrayEquals(new float[] {8, 9, 10, 11, 20, 21, 22, 23}, overJ.toArray());
  }

  @Test
  void maxOfAllNegativeValuesIsNotZero() {
    Tensor neg = Tensor.matrix(new float[][] {{-3, -1, -2}, {-7, -9, -8}});
    assertArrayEquals(new float[] {-1, -7}, run(neg, x -> max(x, false, 1)).toArray());
  }

  @Test
  void maxGradientGoesToTheMaximumAndIsSharedBetweenTies() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 3, 4);
    Node dx = Autodiff.gradients(sum(max(x, false, 1)), x).get(0);
    Tensor value = Tensor.matrix(new float[][] {{1, 3, 3, 0}, {2, 2, 2, 2}, {-5, -1, -4, -2}});
    Tensor grad = new Session(g).run(Map.of(x, value), dx).get(dx);
    assertArrayEquals(new float[] {0, 0.5f, 0.5f, 0, 0.25f, 0.25f, 0.25f, 0.25f, 0, 1, 0, 0},
        grad.toArray());
  }

  @Test
  void countIsTheNumberOfReducedElements() {
    assertEquals(24f, run(X, x -> count(x)).item());
    assertEquals(8f, run(X, x -> count(x, 0, -1)).item());
    assertEquals(Shape.scalar(), run(X, x -> count(x, 1)).shape());
  }

  @Test
  void axisOutOfRangeOrRepeatedIsRejected() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 2, 3);
    ShapeException range = assertThrows(ShapeException.class, () -> sum(x, false, 2));
    assertEquals("sum 'sum': axis 2 is out of range for f32[2,3]; valid axes are -2 to 1"
        + " (inputs: 'x' f32[2,3])", range.getMessage());
    ShapeException negative = assertThrows(ShapeException.class, () -> max(x, true, -3));
    assertEquals("max 'max': axis -3 is out of range for f32[2,3]; valid axes are -2 to 1"
        + " (inputs: 'x' f32[2,3])", negative.getMessage());
    ShapeException twice = assertThrows(ShapeException.class, () -> mean(x, false, 1, -1));
    assertEquals("mean 'mean': axis -1 is given twice (inputs: 'x' f32[2,3])",
        twice.getMessage());
  }

  @Test
  void reductionOfAnUnknownBatchKeepsItUnknown() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 10);
    assertEquals(Shape.of(-1), sum(x, false, 1).shape());
    assertEquals(Shape.of(1, 10), mean(x, true, 0).shape());
    assertEquals(Shape.scalar(), max(x, false).shape());
    Node m = mean(x, false, 0);
    Tensor batch = Tensor.fromFunction(Shape.of(4, 10), i -> i / 10);
    Tensor y = new Session(g).run(Map.of(x, batch), m).get(m);
    assertEquals(Shape.of(10), y.shape());
    assertEquals(1.5f, y.get(0));
    assertEquals(1.5f, y.get(9));
  }

  /** Builds {@code op} on a placeholder holding {@code x} and runs it. */
  private static Tensor run(Tensor x, UnaryOperator<Node> op) {
    Graph g = new Graph();
    Node p = g.placeholder("x", x.shape());
    Node y = op.apply(p);
    return new Session(g).run(Map.of(p, x), y).get(y);
  }
}
