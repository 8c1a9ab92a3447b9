package io.nabla.ops.math;

import static io.nabla.ops.Ops.reshape;
import static io.nabla.ops.Ops.reshapeLike;
import static io.nabla.ops.Ops.transpose;
import static io.nabla.ops.Ops.unsqueeze;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nabla.core.exec.GraphRunException;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Shapes, values and errors of transpose, reshape, reshape_like and unsqueeze. */
class ShapeOpsTest {
  /** 0, 1, 2, … 23 in a [2,3,4]. */
  private static final Tensor COUNTING = Tensor.fromFunction(Shape.of(2, 3, 4), i -> i);

  @Test
  void transposesAMatrix() {
    Tensor x = Tensor.matrix(new float[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor y = run(x, n -> transpose(n));
    assertEquals(Shape.of(3, 2), y.shape());
    assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, y.toArray());
  }

  @Test
  void everyPermutationOfThreeAxesMatchesNaiveIndexing() {
    int[][] perms = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    for (int[] perm : perms) {
      Tensor y = run(COUNTING, n -> transpose(n, perm));
      int[] d = {2, 3, 4};
      assertEquals(Shape.of(d[perm[0]], d[perm[1]], d[perm[2]]), y.shape());
      int[] src = new int[3];
      for (int i = 0; i < y.shape().dim(0); i++) {
        for (int j = 0; j < y.shape().dim(1); j++) {
          for (int k = 0; k < y.shape().dim(2); k++) {
            // output axis a is input axis perm[a]
            src[perm[0]] = i;
            src[perm[1]] = j;
            src[perm[2]] = k;
            assertEquals(COUNTING.at(src), y.at(i, j, k),
                "perm " + Arrays.toString(perm) + " at " + i + "," + j + "," + k);
          }
        }
      }
    }
  }

  @Test
  void transposeSwapsTheLastTwoAxesByDefault() {
    Tensor y = run(COUNTING, n -> transpose(n));
    assertEquals(Shape.of(2, 4, 3), y.shape());
    assertEquals(COUNTING.at(1, 2, 3), y.at(1, 3, 2));
    assertEquals(COUNTING.at(0, 1, 2), y.at(0, 2, 1));
  }

  @Test
  void transposeRejectsABadPermutation() {
    IllegalArgumentException notPerm = assertThrows(IllegalArgumentException.class,
        () -> new Transpose(0, 0, 1));
    assertEquals("transpose: [0, 0, 1] is not a permutation of 0..2", notPerm.getMessage());
    Graph g = new Graph();
    Node x = g.placeholder("x", 2, 3);
    ShapeException rank = assertThrows(ShapeException.class, () -> transpose(x, 2, 0, 1));
    assertEquals("transpose 'transpose': permutation [2, 0, 1] has 3 axes but the input f32[2,3]"
        + " has rank 2 (inputs: 'x' f32[2,3])", rank.getMessage());
  }

  @Test
  void reshapeKeepsRowMajorOrderAndInfersMinusOne() {
    Tensor y = run(COUNTING, n -> reshape(n, 4, -1));
    assertEquals(Shape.of(4, 6), y.shape());
    assertArrayEquals(COUNTING.toArray(), y.toArray());
    assertEquals(Shape.of(24), run(COUNTING, n -> reshape(n, -1)).shape());
    assertEquals(Shape.of(2, 2, 6), run(COUNTING, n -> reshape(n, 2, -1, 6)).shape());
    assertEquals(7f, run(COUNTING, n -> reshape(n, 6, 4)).at(1, 3));
  }

  @Test
  void reshapeOfAnUnknownBatchIsResolvedAtRunTime() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3, 4);
    Node flat = reshape(x, -1, 12);
    assertEquals(Shape.of(-1, 12), flat.shape());
    Tensor y = new Session(g).run(Map.of(x, COUNTING), flat).get(flat);
    assertEquals(Shape.of(2, 12), y.shape());
    assertArrayEquals(COUNTING.toArray(), y.toArray());
  }

  @Test
  void reshapeErrorsSayWhatDoesNotFit() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 3, 4);
    ShapeException inferred = assertThrows(ShapeException.class, () -> reshape(x, 5, -1));
    assertEquals("reshape 'reshape': cannot reshape f32[3,4] (12 elements) into [5, -1]: 12 is"
        + " not a multiple of 5 (inputs: 'x' f32[3,4])", inferred.getMessage());
    ShapeException fixed = assertThrows(ShapeException.class, () -> reshape(x, 5, 2));
    assertEquals("reshape 'reshape': cannot reshape f32[3,4] (12 elements) into [5, 2]"
        + " (10 elements) (inputs: 'x' f32[3,4])", fixed.getMessage());
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> reshape(x, -1, -1));
    assertEquals("reshape: [-1, -1] has more than one -1; only one dimension can be inferred",
        twice.getMessage());
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> reshape(x, -2, 6));
    assertEquals("reshape: [-2, 6] has a dimension below -1; dimensions are sizes >= 0, or -1"
        + " for the one to infer", negative.getMessage());
  }

  @Test
  void reshapeOfAWrongBatchFailsAtRunTimeNamingTheNode() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 4);
    Node y = reshape(x, -1, 8);
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> new Session(g).run(Map.of(x, Tensor.zeros(3, 4)), y));
    assertEquals("while running reshape 'reshape' (inputs: 'x' f32[3,4]): cannot reshape"
        + " f32[3,4] (12 elements) into [-1, 8]: 12 is not a multiple of 8", e.getMessage());
  }

  @Test
  void reshapeLikeTakesTheOtherShape() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 2, 3, 4);
    Node like = g.placeholder("like", 6, 4);
    Node y = reshapeLike(x, like);
    assertEquals(Shape.of(6, 4), y.shape());
    Tensor v = new Session(g).run(Map.of(x, COUNTING, like, Tensor.zeros(6, 4)), y).get(y);
    assertArrayEquals(COUNTING.toArray(), v.toArray());
    Node bad = g.placeholder("bad", 5, 5);
    ShapeException e = assertThrows(ShapeException.class, () -> reshapeLike(x, bad));
    assertEquals("reshape_like 'reshape_like_1': cannot reshape f32[2,3,4] like f32[5,5]:"
        + " element counts differ (inputs: 'x' f32[2,3,4], 'bad' f32[5,5])", e.getMessage());
  }

  @Test
  void unsqueezeInsertsSizeOneAxesOfTheOutput() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 3, 4);
    assertEquals(Shape.of(1, 3, 4), unsqueeze(x, 0).shape());
    assertEquals(Shape.of(3, 4, 1), unsqueeze(x, -1).shape());
    assertEquals(Shape.of(3, 1, 4, 1), unsqueeze(x, 1, 3).shape());
    assertEquals(Shape.of(1, 3, 4, 1), unsqueeze(x, 0, -1).shape());
    Tensor m = Tensor.matrix(new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}});
    Tensor y = run(m, n -> unsqueeze(n, 1));
    assertEquals(Shape.of(3, 1, 4), y.shape());
    assertArrayEquals(m.toArray(), y.toArray());
    ShapeException e = assertThrows(ShapeException.class, () -> unsqueeze(x, 3));
    assertEquals("unsqueeze 'unsqueeze_4': axis 3 is out of range: inserting 1 axis into f32[3,4]"
        + " gives rank 3, so valid axes are -3 to 2 (inputs: 'x' f32[3,4])", e.getMessage());
  }

  /** Builds {@code op} on a placeholder holding {@code x} and runs it. */
  private static Tensor run(Tensor x, UnaryOperator<Node> op) {
    Graph g = new Graph();
    Node p = g.placeholder("x", x.shape());
    Node y = op.apply(p);
    return new Session(g).run(Map.of(p, x), y).get(y);
  }
}
