package io.nabla.ops.nn;

import static io.nabla.ops.NnOps.*;
import static io.nabla.ops.Ops.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.GraphRunException;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pad, crop, concat, slice and flatten: shapes, values, gradients and error messages. */
class StructureOpsTest {
  /** [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]. */
  private static final Tensor M34 = Tensor.fromFunction(Shape.of(3, 4), i -> i);

  private static Tensor run(Graph g, Node fetch, Node x, Tensor value) {
    return new Session(g).run(Map.of(x, value), fetch).get(fetch);
  }

  @Test
  void padSurroundsWithTheValue() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 2, 2);
    Node zeros = pad(x, new int[] {1, 0}, new int[] {0, 2});
    Node nines = pad(x, new int[] {0, 1}, new int[] {1, 0}, 9f);
    assertEquals(Shape.of(3, 4), zeros.shape());
    Results r = new Session(g).run(Map.of(x, Tensor.matrix(new float[][] {{1, 2}, {3, 4}})),
        zeros, nines);
    assertEquals(Tensor.matrix(new float[][] {{0, 0, 0, 0}, {1, 2, 0, 0}, {3, 4, 0, 0}}),
        r.get(zeros));
    assertEquals(Tensor.matrix(new float[][] {{9, 1, 2}, {9, 3, 4}, {9, 9, 9}}), r.get(nines));
  }

  @Test
  void padKeepsUnknownDimensionsUnknown() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3);
    Node y = pad(x, new int[] {1, 1}, new int[] {0, 1});
    assertEquals(Shape.of(-1, 5), y.shape());
    Tensor out = run(g, y, x, Tensor.filled(Shape.of(2, 3), 1f));
    assertEquals(Shape.of(3, 5), out.shape());
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0}, out.toArray());
  }

  @Test
  void cropRemovesFromBothEnds() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 3, 4);
    Node y = crop(x, new int[] {1, 1}, new int[] {0, 2});
    assertEquals(Shape.of(2, 1), y.shape());
    assertEquals(Tensor.matrix(new float[][] {{5}, {9}}), run(g, y, x, M34));
  }

  @Test
  void cropWorksOnUnknownDimensions() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 4);
    Node y = crop(x, new int[] {1, 0}, new int[] {1, 1});
    assertEquals(Shape.of(-1, 3), y.shape());
    assertEquals(Tensor.matrix(new float[][] {{4, 5, 6}}), run(g, y, x, M34));
    var e = assertThrows(GraphRunException.class,
        () -> run(g, y, x, Tensor.zeros(1, 4)));
    assertTrue(e.getMessage().contains("cannot remove 1 + 1 elements from axis 0 of f32[1,4],"
        + " which has only 1; crop less or feed a larger input"), e.getMessage());
  }

  @Test
  void padAndCropErrorsSayWhatIsWrong() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 2, 4);
    var tooMuch = assertThrows(ShapeException.class,
        () -> crop(x, new int[] {0, 3}, new int[] {0, 2}));
    assertEquals("crop 'crop': cannot remove 3 + 2 elements from axis 1 of f32[2,4], which has"
        + " only 4; crop less or feed a larger input (inputs: 'x' f32[2,4])",
        tooMuch.getMessage());
    var rank = assertThrows(ShapeException.class, () -> pad(x, new int[] {1}, new int[] {1}));
    assertEquals("pad 'pad': amounts are given for 1 axis but the input f32[2,4] has rank 2;"
        + " give one amount per axis (0 to leave an axis alone) (inputs: 'x' f32[2,4])",
        rank.getMessage());
    var negative = assertThrows(IllegalArgumentException.class,
        () -> new Pad(new int[] {0, -1}, new int[] {0, 0}, 0f));
    assertEquals("pad: amounts must be >= 0, but axis 1 has -1 before and 0 after",
        negative.getMessage());
    var lengths = assertThrows(IllegalArgumentException.class,
        () -> new Crop(new int[] {0, 1}, new int[] {0}));
    assertEquals("crop: 2 amounts before but 1 after ([0, 1] and [0]); give one of each per"
        + " axis", lengths.getMessage());
    assertEquals("pad: the fill value is NaN; pad with a number (or −∞ before a max)",
        assertThrows(IllegalArgumentException.class,
            () -> new Pad(new int[] {0}, new int[] {0}, Float.NaN)).getMessage());
  }

  @Test
  void padAndCropUndoEachOtherInTheGradient() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 2, 2);
    Node w = g.constant(Tensor.fromFunction(Shape.of(3, 4), i -> i + 1));
    Node padded = pad(x, new int[] {1, 0}, new int[] {0, 2}, 5f);
    Node dx = Autodiff.gradients(sum(mul(padded, w)), x).get(0);
    // dx = w with the padding cropped off: rows 1..2, columns 0..1 of w
    assertEquals(Tensor.matrix(new float[][] {{5, 6}, {9, 10}}),
        run(g, dx, x, Tensor.zeros(2, 2)));

    Graph h = new Graph();
    Node m = h.placeholder("m", 3, 4);
    Node cropped = crop(m, new int[] {1, 1}, new int[] {0, 2});
    Node dm = Autodiff.gradients(sum(mul(cropped, h.constant(Tensor.of(Shape.of(2, 1), 7, 8)))),
        m).get(0);
    assertEquals(Tensor.matrix(new float[][] {{0, 0, 0, 0}, {0, 7, 0, 0}, {0, 8, 0, 0}}),
        run(h, dm, m, M34));
  }

  @Test
  void concatJoinsAlongAnAxis() {
    Graph g = new Graph();
    Node a = g.placeholder("a", 2, 2);
    Node b = g.placeholder("b", 2, 1);
    Node c = g.placeholder("c", 1, 2);
    Node columns = concat(1, a, b);
    Node rows = concat(0, a, c, a);
    Node last = concat(-1, a);
    assertEquals(Shape.of(2, 3), columns.shape());
    assertEquals(Shape.of(5, 2), rows.shape());
    Results r = new Session(g).run(Map.of(a, Tensor.matrix(new float[][] {{1, 2}, {3, 4}}),
        b, Tensor.of(Shape.of(2, 1), 5, 6), c, Tensor.of(Shape.of(1, 2), 7, 8)),
        columns, rows, last);
    assertEquals(Tensor.matrix(new float[][] {{1, 2, 5}, {3, 4, 6}}), r.get(columns));
    assertEquals(Tensor.matrix(new float[][] {{1, 2}, {3, 4}, {7, 8}, {1, 2}, {3, 4}}),
        r.get(rows));
    assertEquals(Tensor.matrix(new float[][] {{1, 2}, {3, 4}}), r.get(last));
  }

  @Test
  void concatMergesUnknownDimensions() {
    Graph g = new Graph();
    Node a = g.placeholder("a", -1, 2);
    Node b = g.placeholder("b", 3, 1);
    assertEquals(Shape.of(3, 3), concat(1, a, b).shape());
    assertEquals(Shape.of(-1, 2), concat(0, a, g.placeholder("c", 1, 2)).shape());
  }

  @Test
  void concatErrorsNameTheOffendingInput() {
    Graph g = new Graph();
    Node a = g.placeholder("a", 3, 4);
    Node b = g.placeholder("b", 3, 2);
    Node c = g.placeholder("c", 2, 4);
    var dims = assertThrows(ShapeException.class, () -> concat(1, a, b, c));
    assertEquals("concat 'concat': input 2 is f32[2,4] but input 0 is f32[3,4]: axis 0 differs"
        + " (2 ≠ 3); inputs may differ only along the concatenation axis 1 (inputs: 'a'"
        + " f32[3,4], 'b' f32[3,2], 'c' f32[2,4])", dims.getMessage());
    var rank = assertThrows(ShapeException.class,
        () -> concat(0, a, g.placeholder("v", 4)));
    assertTrue(rank.getMessage().startsWith("concat 'concat': input 1 is f32[4] but input 0 is"
        + " f32[3,4]; all inputs must have the same rank"), rank.getMessage());
    var axis = assertThrows(ShapeException.class, () -> concat(2, a, b));
    assertTrue(axis.getMessage().startsWith("concat 'concat': axis 2 is out of range for input"
        + " 0 f32[3,4]; valid axes are -2 to 1"), axis.getMessage());
    assertThrows(IllegalArgumentException.class, () -> concat(0));
  }

  @Test
  void concatGradientSplitsTheUpstream() {
    Graph g = new Graph();
    Node a = g.placeholder("a", 2, 2);
    Node b = g.placeholder("b", 2, 1);
    Node w = g.constant(Tensor.matrix(new float[][] {{1, 2, 3}, {4, 5, 6}}));
    List<Node> grads = Autodiff.gradients(sum(mul(concat(1, a, b), w)), a, b);
    Results r = new Session(g).run(Map.of(a, Tensor.zeros(2, 2), b, Tensor.zeros(2, 1)),
        grads.get(0), grads.get(1));
    assertEquals(Tensor.matrix(new float[][] {{1, 2}, {4, 5}}), r.get(grads.get(0)));
    assertEquals(Tensor.of(Shape.of(2, 1), 3, 6), r.get(grads.get(1)));
  }

  @Test
  void concatGradientTakesSizesUnknownWhileBuildingFromTheRun() {
    Graph g = new Graph();
    Node a = g.placeholder("a", 2, -1);
    Node b = g.placeholder("b", 2, 1);
    Node w = g.constant("w", Tensor.matrix(new float[][] {{1, 2, 3}, {4, 5, 6}}));
    List<Node> grads = Autodiff.gradients(sum(mul(concat(1, a, b), w)), a, b);
    assertEquals(Shape.of(2, -1), grads.get(0).shape());
    Results r = new Session(g).run(Map.of(a, Tensor.zeros(2, 2), b, Tensor.zeros(2, 1)),
        grads.get(0), grads.get(1));
    assertEquals(Tensor.matrix(new float[][] {{1, 2}, {4, 5}}), r.get(grads.get(0)));
    assertEquals(Tensor.of(Shape.of(2, 1), 3, 6), r.get(grads.get(1)));
  }

  @Test
  void sliceTakesARange() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 4);
    Node y = slice(x, 1, 1, 3);
    Node tail = slice(x, -1, 3, 4);
    assertEquals(Shape.of(-1, 2), y.shape());
    Results r = new Session(g).run(Map.of(x, M34), y, tail);
    assertEquals(Tensor.matrix(new float[][] {{1, 2}, {5, 6}, {9, 10}}), r.get(y));
    assertEquals(Tensor.of(Shape.of(3, 1), 3, 7, 11), r.get(tail));

    var empty = assertThrows(IllegalArgumentException.class, () -> slice(x, 1, 2, 2));
    assertEquals("slice of 'x' f32[?,4]: [2, 2) is not a non-empty range within axis 1 of size"
        + " 4; need 0 <= start < end <= 4", empty.getMessage());
    assertEquals("slice of 'x' f32[?,4]: [0, 5) is not a non-empty range within axis 1 of size"
        + " 4; need 0 <= start < end <= 4",
        assertThrows(IllegalArgumentException.class, () -> slice(x, 1, 0, 5)).getMessage());
    assertEquals("slice of 'x' f32[?,4]: [-1, 2) is not a non-empty range within axis 1 of size"
        + " 4; need 0 <= start < end <= 4",
        assertThrows(IllegalArgumentException.class, () -> slice(x, 1, -1, 2)).getMessage());
    assertEquals("slice of 'x' f32[?,4]: axis 2 is out of range; valid axes are -2 to 1",
        assertThrows(IllegalArgumentException.class, () -> slice(x, 2, 0, 1)).getMessage());
    var unknown = assertThrows(ShapeException.class, () -> slice(x, 0, 0, 1));
    assertEquals("slice of 'x' f32[?,4]: the size of axis 0 is unknown while building; slice"
        + " along an axis of known size", unknown.getMessage());
  }

  @Test
  void flattenKeepsTheBatch() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 2, 3);
    Node y = flatten(x);
    assertEquals(Shape.of(-1, 6), y.shape());
    Tensor in = Tensor.fromFunction(Shape.of(2, 2, 3), i -> i);
    Tensor out = run(g, y, x, in);
    assertEquals(Shape.of(2, 6), out.shape());
    assertArrayEquals(in.toArray(), out.toArray());
    assertEquals(Shape.of(4, 1), flatten(g.placeholder("v", 4)).shape());

    var unknown = assertThrows(ShapeException.class,
        () -> flatten(g.placeholder("u", 2, -1, 3)));
    assertEquals("flatten of 'u' f32[2,?,3]: axis 1 is unknown while building; only the batch"
        + " axis 0 may be unknown", unknown.getMessage());
    assertThrows(ShapeException.class, () -> flatten(g.constant(1f)));
  }
}
