package io.nabla.ops.loss;

import static io.nabla.ops.Ops.mse;
import static io.nabla.ops.Ops.oneHot;
import static io.nabla.ops.Ops.softmaxCrossEntropy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.exec.GraphRunException;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values and errors of the softmax cross-entropy, one-hot and mean squared error. */
class LossTest {

  @Test
  void uniformLogitsCostLnC() {
    for (int classes : new int[] {2, 3, 10}) {
      for (float level : new float[] {0f, 7.5f, -300f}) {
        Tensor logits = Tensor.filled(Shape.of(4, classes), level);
        Tensor labels = Tensor.vector(0, classes - 1, 1, 0);
        assertEquals(Math.log(classes), crossEntropy(logits, labels), 1e-5,
            classes + " classes at " + level);
      }
    }
  }

  @Test
  void matchesAHandComputedValue() {
    // row 0: ln(e + e² + e³) − 3 = ln(1 + e⁻¹ + e⁻²) = 0.40760596; row 1: ln 3 = 1.09861229
    Tensor logits = Tensor.matrix(new float[][] {{1, 2, 3}, {1, 1, 1}});
    assertEquals((0.40760596 + 1.09861229) / 2,
        crossEntropy(logits, Tensor.vector(2, 0)), 1e-6);
    // the wrong class of row 0 costs 2 more: −log softmax[0] = 2.40760596
    assertEquals((2.40760596 + 1.09861229) / 2,
        crossEntropy(logits, Tensor.vector(0, 0)), 1e-6);
  }

  @Test
  void staysFiniteForLargeLogits() {
    Tensor logits = Tensor.matrix(new float[][] {{1000, 0}, {0, 1000}});
    assertEquals(0.0, crossEntropy(logits, Tensor.vector(0, 1)), 1e-6);
    assertEquals(1000.0, crossEntropy(logits, Tensor.vector(1, 0)), 1e-3);
  }

  @Test
  void oneHotRows() {
    Graph g = new Graph();
    Node labels = g.placeholder("labels", -1);
    Node rows = oneHot(labels, 4);
    assertEquals(Shape.of(-1, 4), rows.shape());
    Tensor y = new Session(g).run(Map.of(labels, Tensor.vector(2, 0, 3)), rows).get(rows);
    assertEquals(Shape.of(3, 4), y.shape());
    assertArrayEquals(new float[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1}, y.toArray());
  }

  @Test
  void oneHotRejectsANonIndexNamingTheNode() {
    Graph g = new Graph();
    Node labels = g.placeholder("labels", 2);
    Node rows = oneHot(labels, 3);
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> new Session(g).run(Map.of(labels, Tensor.vector(1, -1)), rows));
    assertEquals("while running one_hot 'one_hot' (inputs: 'labels' f32[2]): the label of"
        + " example 1 is -1.0, not a class index in [0, 3); labels must be whole numbers 0..2",
        e.getMessage());
    for (float bad : new float[] {3f, 0.5f, Float.NaN, Float.POSITIVE_INFINITY}) {
      GraphRunException other = assertThrows(GraphRunException.class,
          () -> new Session(g).run(Map.of(labels, Tensor.vector(bad, 0)), rows));
      assertTrue(other.getMessage().endsWith("the label of example 0 is " + bad + ", not a class"
          + " index in [0, 3); labels must be whole numbers 0..2"), other.getMessage());
    }
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> oneHot(labels, 0));
    assertEquals("one_hot: classes must be at least 1, not 0; pass the number of classes, e.g."
        + " 10 for digits", none.getMessage());
  }

  @Test
  void labelOutOfRangeFailsAtRunTimeNamingTheNode() {
    Tensor logits = Tensor.zeros(2, 10);
    for (float bad : new float[] {10f, 1.5f, -1f}) {
      GraphRunException e = assertThrows(GraphRunException.class,
          () -> crossEntropy(logits, Tensor.vector(3, bad)));
      assertTrue(e.getMessage().startsWith("while running softmax_cross_entropy"
          + " 'softmax_cross_entropy' (inputs: 'logits' f32[2,10], 'labels' f32[2])"),
          e.getMessage());
      assertTrue(e.getMessage().contains("the label of example 1 is " + bad + ", not a class"
          + " index in [0, 10); labels must be whole numbers 0..9"), e.getMessage());
    }
  }

  @Test
  void emptyBatchIsAnError() {
    // fed through placeholders of unknown batch size, the plan refuses the empty feed
    IllegalArgumentException fed = assertThrows(IllegalArgumentException.class,
        () -> crossEntropy(Tensor.zeros(0, 10), Tensor.zeros(0)));
    assertEquals("placeholder 'logits' f32[?,10] was fed an empty batch f32[0,10] (dimension 0"
        + " is 0); feed at least one example", fed.getMessage());
    // declared empty, the loss itself refuses to take a mean of nothing
    Graph g = new Graph();
    Node z = g.placeholder("logits", 0, 10);
    Node y = g.placeholder("labels", 0);
    Node loss = softmaxCrossEntropy(z, y);
    GraphRunException e = assertThrows(GraphRunException.class, () -> new Session(g).run(
        Map.of(z, Tensor.zeros(0, 10), y, Tensor.zeros(0)), loss));
    assertEquals("while running softmax_cross_entropy 'softmax_cross_entropy' (inputs: 'logits'"
        + " f32[0,10], 'labels' f32[0]): the batch is empty (logits f32[0,10]); a mean loss"
        + " needs at least one example", e.getMessage());
  }

  @Test
  void shapeErrorsNameBothInputs() {
    Graph g = new Graph();
    Node logits = g.placeholder("logits", 4, 10);
    Node labels = g.placeholder("labels", 5);
    ShapeException batch = assertThrows(ShapeException.class,
        () -> softmaxCrossEntropy(logits, labels));
    assertEquals("softmax_cross_entropy 'softmax_cross_entropy': logits f32[4,10] and labels"
        + " f32[5] hold different batch sizes (4 ≠ 5) (inputs: 'logits' f32[4,10],"
        + " 'labels' f32[5])", batch.getMessage());
    Node oneHotLabels = g.placeholder("one_hot_labels", 4, 10);
    ShapeException rank = assertThrows(ShapeException.class,
        () -> softmaxCrossEntropy(logits, oneHotLabels));
    assertEquals("softmax_cross_entropy 'softmax_cross_entropy': labels must have rank 1 but is"
        + " f32[4,10] (inputs: 'logits' f32[4,10], 'one_hot_labels' f32[4,10])",
        rank.getMessage());
  }

  @Test
  void meanSquaredError() {
    Graph g = new Graph();
    Node p = g.placeholder("p", 2, 2);
    Node t = g.placeholder("t", 2, 2);
    Node loss = mse(p, t);
    assertEquals("mse/mean", loss.name());
    // differences 1, −2, 0, 3: (1 + 4 + 0 + 9) / 4
    float value = new Session(g).run(Map.of(
        p, Tensor.matrix(new float[][] {{1, 0}, {5, 3}}),
        t, Tensor.matrix(new float[][] {{0, 2}, {5, 0}})), loss).scalar(loss);
    assertEquals(3.5f, value, 1e-6f);
  }

  private static double crossEntropy(Tensor logits, Tensor labels) {
    Graph g = new Graph();
    Node z = g.placeholder("logits", -1, logits.shape().dim(1));
    Node y = g.placeholder("labels", -1);
    Node loss = softmaxCrossEntropy(z, y);
    return new Session(g).run(Map.of(z, logits, y, labels), loss).scalar(loss);
  }

  @Test
  void mseRefusesShapesItWouldBroadcast() {
    Graph g = new Graph();
    Node p = g.placeholder("p", -1, 3);
    Node t = g.placeholder("t", -1);
    ShapeException e = assertThrows(ShapeException.class, () -> mse(p, t));
    assertEquals("mse: output 'p' f32[?,3] and target 't' f32[?] must have one shape (one "
        + "target per output element), or differ only by a trailing axis of size 1; a loss "
        + "never broadcasts them. Reshape the target to f32[?,3], or the output to f32[?]",
        e.getMessage());
    assertThrows(ShapeException.class,
        () -> mse(g.placeholder("a", 4, 1), g.placeholder("b", 1, 4)));
  }

  @Test
  void mseAlignsATrailingOneElementByElement() {
    Graph g = new Graph();
    Node p = g.placeholder("p", -1, 1);
    Node t = g.placeholder("t", -1);
    Node loss = mse(p, t);
    // element by element: (1 + 4 + 0) / 3, where a broadcast [3,3] difference would give 25/9
    float value = new Session(g).run(Map.of(
        p, Tensor.matrix(new float[][] {{1}, {0}, {5}}),
        t, Tensor.vector(0, 2, 5)), loss).scalar(loss);
    assertEquals(5f / 3, value, 1e-6f);
    Node swapped = mse(t, p);
    assertEquals(5f / 3, new Session(g).run(Map.of(
        p, Tensor.matrix(new float[][] {{1}, {0}, {5}}),
        t, Tensor.vector(0, 2, 5)), swapped).scalar(swapped), 1e-6f);
  }

  /** Unknown dims could differ at run time, where a broadcast [4,1] − [1,4] would be [4,4]. */
  @Test
  void mseChecksUnknownDimsOnEveryRun() {
    Graph g = new Graph();
    Node p = g.placeholder("p", -1, -1);
    Node t = g.placeholder("t", -1, -1);
    Node loss = mse(p, t);
    Session session = new Session(g);
    // differences 1, −2, 0, 3, as in meanSquaredError
    assertEquals(3.5f, session.run(Map.of(
        p, Tensor.matrix(new float[][] {{1, 0}, {5, 3}}),
        t, Tensor.matrix(new float[][] {{0, 2}, {5, 0}})), loss).scalar(loss), 1e-6f);
    GraphRunException e = assertThrows(GraphRunException.class, () -> session.run(Map.of(
        p, Tensor.of(new float[] {1, 2, 3, 4}, 4, 1),
        t, Tensor.of(new float[] {1, 2, 3, 4}, 1, 4)), loss));
    assertTrue(e.getMessage().startsWith("while running same_shape 'mse/same_shape"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(": mse: target 't' and output 'p' must have one shape but"
        + " are f32[1,4] and f32[4,1]; a loss never broadcasts them. Reshape one to the other's"
        + " shape"), e.getMessage());

    Node q = g.placeholder("q", -1, 3);
    Node u = g.placeholder("u", -1, 3);
    Node batchLoss = mse(q, u);
    GraphRunException batch = assertThrows(GraphRunException.class, () -> session.run(Map.of(
        q, Tensor.zeros(4, 3), u, Tensor.zeros(1, 3)), batchLoss));
    assertTrue(batch.getMessage().endsWith("mse: target 'u' and output 'q' must have one shape"
        + " but are f32[1,3] and f32[4,3]; a loss never broadcasts them. Reshape one to the"
        + " other's shape"), batch.getMessage());
  }

  @Test
  void fullyKnownEqualShapesNeedNoRunTimeCheck() {
    Graph g = new Graph();
    Node loss = mse(g.placeholder("p", 2, 2), g.placeholder("t", 2, 2));
    assertEquals("sub", loss.inputs().get(0).inputs().get(0).op().type());
    assertEquals("t", loss.inputs().get(0).inputs().get(0).inputs().get(1).name());
  }

  @Test
  void sameShapeRefusesShapesThatCannotMatch() {
    Graph g = new Graph();
    ShapeException e = assertThrows(ShapeException.class, () -> g.apply(
        new SameShape("mse: target 't' and output 'p'"), g.placeholder("t", -1, 2),
        g.placeholder("p", -1, 3)));
    assertEquals("same_shape 'same_shape': mse: target 't' and output 'p' must have one shape"
        + " but are f32[?,2] and f32[?,3]; a loss never broadcasts them. Reshape one to the"
        + " other's shape (inputs: 't' f32[?,2], 'p' f32[?,3])", e.getMessage());
  }
}
