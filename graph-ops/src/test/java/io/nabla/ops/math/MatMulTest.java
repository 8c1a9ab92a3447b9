package io.nabla.ops.math;

import static io.nabla.ops.Ops.matmul;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.exec.Parallel;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Shapes, values and errors of {@code matmul}. */
class MatMulTest {

  @Test
  void multipliesTwoByTwo() {
    Tensor a = Tensor.matrix(new float[][] {{1, 2}, {3, 4}});
    Tensor b = Tensor.matrix(new float[][] {{5, 6}, {7, 8}});
    Tensor c = product(a, b, false, false);
    assertEquals(Shape.of(2, 2), c.shape());
    assertArrayEquals(new float[] {19, 22, 43, 50}, c.toArray());
  }

  @Test
  void transposesOperandsWhenAsked() {
    // aᵀ·b with a = [[1,2,3],[4,5,6]] stored [2,3]: aᵀ is [3,2]
    Tensor a = Tensor.matrix(new float[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor b = Tensor.matrix(new float[][] {{1, 0}, {0, 1}});
    Tensor c = product(a, b, true, false);
    assertEquals(Shape.of(3, 2), c.shape());
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, c.toArray());

    // a·aᵀ = [[1+4+9, 4+10+18], [.., 16+25+36]]
    Tensor gram = product(a, a, false, true);
    assertEquals(Shape.of(2, 2), gram.shape());
    assertArrayEquals(new float[] {14, 32, 32, 77}, gram.toArray());

    // both flags: sᵀ·tᵀ = (t·s)ᵀ, and t·s = [[23,34],[31,46]]
    Tensor s = Tensor.matrix(new float[][] {{1, 2}, {3, 4}});
    Tensor t = Tensor.matrix(new float[][] {{5, 6}, {7, 8}});
    assertArrayEquals(new float[] {23, 31, 34, 46}, product(s, t, true, true).toArray());
  }

  @Test
  void multipliesEachBatchEntry() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 1, 0, 0, 1}, 2, 2, 2);
    Tensor b = Tensor.of(new float[] {1, 1, 1, 1, 2, 3, 4, 5}, 2, 2, 2);
    Tensor c = product(a, b, false, false);
    assertEquals(Shape.of(2, 2, 2), c.shape());
    assertArrayEquals(new float[] {3, 3, 7, 7, 2, 3, 4, 5}, c.toArray());
  }

  @Test
  void sharesATwoDimensionalOperandAcrossTheBatch() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
    Tensor w = Tensor.matrix(new float[][] {{1, 0, 1}, {0, 1, 1}});
    Tensor c = product(a, w, false, false);
    assertEquals(Shape.of(2, 2, 3), c.shape());
    assertArrayEquals(new float[] {1, 2, 3, 3, 4, 7, 5, 6, 11, 7, 8, 15}, c.toArray());
  }

  /** Every flag combination against a naive triple loop, on products big enough to split. */
  @Test
  void matchesANaiveTripleLoop() {
    int before = Parallel.threads();
    Parallel.setThreads(Math.max(4, before));
    try {
      Random random = new Random(7);
      int[][] sizes = {{37, 53, 29}, {301, 130, 70}};
      for (int[] mkn : sizes) {
        int m = mkn[0];
        int k = mkn[1];
        int n = mkn[2];
        for (boolean ta : new boolean[] {false, true}) {
          for (boolean tb : new boolean[] {false, true}) {
            Tensor a = gaussian(random, ta ? Shape.of(k, m) : Shape.of(m, k));
            Tensor b = gaussian(random, tb ? Shape.of(n, k) : Shape.of(k, n));
            Tensor c = product(a, b, ta, tb);
            assertEquals(Shape.of(m, n), c.shape());
            Tensor expected = naive(a, b, ta, tb, m, n, k);
            assertTrue(expected.allClose(c, 1e-3f), "[" + m + "," + k + "]·[" + k + "," + n
                + "] ta=" + ta + " tb=" + tb);
          }
        }
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  @Test
  void batchedProductMatchesTheNaiveLoopPerEntry() {
    Random random = new Random(11);
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        Tensor a = gaussian(random, ta ? Shape.of(3, 6, 5) : Shape.of(3, 5, 6));
        Tensor b = gaussian(random, tb ? Shape.of(3, 4, 6) : Shape.of(3, 6, 4));
        Tensor c = product(a, b, ta, tb);
        assertEquals(Shape.of(3, 5, 4), c.shape());
        for (int i = 0; i < 3; i++) {
          Tensor ai = slice(a, i);
          Tensor bi = slice(b, i);
          assertTrue(naive(ai, bi, ta, tb, 5, 4, 6).allClose(slice(c, i), 1e-4f),
              "batch entry " + i + " ta=" + ta + " tb=" + tb);
        }
      }
    }
  }

  @Test
  void innerDimensionMismatchNamesNodeShapesAndInputs() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 784);
    ShapeException e;
    try (Scope s = g.scope("fc2")) {
      Node w = g.variable("w", Tensor.zeros(128, 10));
      e = assertThrows(ShapeException.class, () -> matmul(x, w));
    }
    assertTrue(e.getMessage().startsWith("matmul 'fc2/matmul': inner dimensions differ:"
        + " a f32[?,784] · b f32[128,10] (784 ≠ 128)."), e.getMessage());
    assertTrue(e.getMessage().contains("Did the previous layer produce 784 features instead of"
        + " 128?"), e.getMessage());
    assertTrue(e.getMessage().contains("(inputs: 'x' f32[?,784], 'fc2/w' f32[128,10])"),
        e.getMessage());
  }

  @Test
  void infersTheBatchDimensionStatically() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 784);
    Node w = g.variable("w", Tensor.zeros(784, 128));
    assertEquals(Shape.of(-1, 128), matmul(x, w).shape());
    assertEquals(Shape.of(784, 784), matmul(w, w, false, true).shape());
    Node batch = g.placeholder("batch", 8, 5, 784);
    assertEquals(Shape.of(8, 5, 128), matmul(batch, w).shape());
  }

  @Test
  void rejectsOperandsOfWrongRankOrBatch() {
    Graph g = new Graph();
    Node v = g.placeholder("v", 4);
    Node m = g.placeholder("m", 4, 4);
    ShapeException rank = assertThrows(ShapeException.class, () -> matmul(v, m));
    assertTrue(rank.getMessage().startsWith("matmul 'matmul': operands must be 2-D or 3-D"
        + " (batched), but a is f32[4] and b is f32[4,4]"), rank.getMessage());
    Node a = g.placeholder("a", 2, 3, 4);
    Node b = g.placeholder("b", 5, 4, 3);
    ShapeException batch = assertThrows(ShapeException.class, () -> matmul(a, b));
    assertTrue(batch.getMessage().startsWith("matmul 'matmul': batch sizes differ:"
        + " a f32[2,3,4] · b f32[5,4,3]"), batch.getMessage());
  }

  private static Tensor product(Tensor a, Tensor b, boolean ta, boolean tb) {
    Graph g = new Graph();
    Node pa = g.placeholder("a", a.shape());
    Node pb = g.placeholder("b", b.shape());
    Node c = matmul(pa, pb, ta, tb);
    return new Session(g).run(Map.of(pa, a, pb, b), c).get(c);
  }

  /** op(a)·op(b) by definition, accumulated in double. */
  private static Tensor naive(Tensor a, Tensor b, boolean ta, boolean tb, int m, int n, int k) {
    Tensor c = Tensor.zeros(m, n);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double aip = ta ? a.at(p, i) : a.at(i, p);
          double bpj = tb ? b.at(j, p) : b.at(p, j);
          s += aip * bpj;
        }
        c.data()[i * n + j] = (float) s;
      }
    }
    return c;
  }

  private static Tensor slice(Tensor t, int i) {
    int rows = t.shape().dim(1);
    int cols = t.shape().dim(2);
    float[] d = new float[rows * cols];
    System.arraycopy(t.data(), i * rows * cols, d, 0, d.length);
    return Tensor.of(d, rows, cols);
  }

  private static Tensor gaussian(Random random, Shape shape) {
    return Tensor.fromFunction(shape, i -> random.nextGaussian());
  }
}
