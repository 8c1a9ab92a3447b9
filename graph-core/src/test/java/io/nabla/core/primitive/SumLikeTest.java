package io.nabla.core.primitive;

import static io.nabla.core.primitive.OpRunner.iota;
import static io.nabla.core.primitive.OpRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SumLikeTest {
  private final SumLike op = new SumLike();

  // x = [[1, 2, 3],
  //      [4, 5, 6]]
  private final Tensor x = iota(2, 3);

  @Test
  void sumsOverTheLeadingAxis() {
    assertEquals(Tensor.vector(5, 7, 9), run(op, x, Tensor.zeros(3)));
    assertEquals(Tensor.of(new float[] {5, 7, 9}, 1, 3), run(op, x, Tensor.zeros(1, 3)));
  }

  @Test
  void sumsOverTheTrailingAxisKeptAsOne() {
    assertEquals(Tensor.of(new float[] {6, 15}, 2, 1), run(op, x, Tensor.zeros(2, 1)));
  }

  @Test
  void sumsEverythingToAScalarOrAOneByOne() {
    assertEquals(Tensor.scalar(21f), run(op, x, Tensor.scalar(0f)));
    assertEquals(Tensor.of(new float[] {21}, 1, 1), run(op, x, Tensor.zeros(1, 1)));
    assertEquals(Tensor.of(new float[] {21}, 1), run(op, iota(6), Tensor.zeros(1)));
  }

  @Test
  void theSameShapeIsACopy() {
    assertEquals(x, run(op, x, Tensor.zeros(2, 3)));
    assertEquals(Tensor.scalar(4f), run(op, Tensor.scalar(4f), Tensor.scalar(0f)));
  }

  @Test
  void onlyTheShapeOfLikeMatters() {
    assertEquals(Tensor.vector(5, 7, 9), run(op, x, Tensor.vector(100, -3, 8)));
  }

  @Test
  void rankThree() {
    Tensor t = iota(2, 3, 4); // t[i][j][k] = 12i + 4j + k + 1
    // to [3,1]: sum over i and k
    float[] expected = new float[3];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 4; k++) {
          expected[j] += 12 * i + 4 * j + k + 1;
        }
      }
    }
    assertEquals(Tensor.of(expected, 3, 1), run(op, t, Tensor.zeros(3, 1)));
    // to [2,1,4]: sum over j
    Tensor r = run(op, t, Tensor.zeros(2, 1, 4));
    assertEquals(1 + 5 + 9, r.at(0, 0, 0));
    assertEquals(16 + 20 + 24, r.at(1, 0, 3));
  }

  @Test
  void theOutputHasTheShapeOfLike() {
    assertEquals(Shape.of(3), op.outputShape(List.of(Shape.of(2, 3), Shape.of(3))));
    assertEquals(Shape.of(3), op.outputShape(List.of(Shape.of(-1, 3), Shape.of(3))));
    assertEquals(Shape.of(-1, 1), op.outputShape(List.of(Shape.of(-1, 3), Shape.of(-1, 1))));
  }

  @Test
  void aTargetThatDoesNotBroadcastToTheSourceIsRefused() {
    ShapeException e = assertThrows(ShapeException.class,
        () -> op.outputShape(List.of(Shape.of(2, 3), Shape.of(2))));
    assertEquals("cannot sum f32[2,3] down to f32[2]: the target must broadcast to the source",
        e.getMessage());
    e = assertThrows(ShapeException.class,
        () -> op.outputShape(List.of(Shape.of(3), Shape.of(2, 3))));
    assertEquals("cannot sum f32[3] down to f32[2,3]: the target must broadcast to the source",
        e.getMessage());
    assertThrows(ShapeException.class,
        () -> op.outputShape(List.of(Shape.of(-1, 3), Shape.of(4))));
    assertThrows(ShapeException.class,
        () -> op.outputShape(List.of(Shape.of(-1), Shape.of(-1, -1))));
    e = assertThrows(ShapeException.class, () -> op.outputShape(List.of(Shape.of(2, 3))));
    assertEquals("takes 2 inputs but was given 1", e.getMessage());
  }

  @Test
  void itsGradientBroadcastsTheUpstreamBackToTheSource() {
    Graph g = new Graph();
    Node in = g.placeholder("x", 2, 3);
    Node like = g.placeholder("like", 3);
    Node y = g.apply(op, in, like);
    Node dy = g.placeholder("dy", 3);
    List<Node> grads = op.gradient(new GradContext(y, dy));
    assertEquals(2, grads.size());
    assertInstanceOf(BroadcastLike.class, grads.get(0).op());
    assertEquals(List.of(dy, in), grads.get(0).inputs());
    assertEquals(Shape.of(2, 3), grads.get(0).shape());
    assertNull(grads.get(1));
    assertTrue(op.isDifferentiable(0));
    assertFalse(op.isDifferentiable(1));
    assertSame(g, grads.get(0).graph());
  }
}
