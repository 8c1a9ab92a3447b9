package io.nabla.core.primitive;

import static io.nabla.core.primitive.OpRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class AddNTest {
  private final AddN op = new AddN();

  @Test
  void sumsElementWise() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
    Tensor b = Tensor.of(new float[] {10, 20, 30, 40}, 2, 2);
    Tensor c = Tensor.of(new float[] {100, 200, 300, 400}, 2, 2);
    assertEquals(Tensor.of(new float[] {111, 222, 333, 444}, 2, 2), run(op, a, b, c));
  }

  @Test
  void oneInputIsCopied() {
    Tensor a = Tensor.vector(1, -2, 3);
    Tensor out = run(op, a);
    assertEquals(a, out);
    out.data()[0] = 99;
    assertEquals(1f, a.get(0));
  }

  @Test
  void theSameInputSeveralTimes() {
    Tensor a = Tensor.vector(1, 2);
    assertEquals(Tensor.vector(3, 6), run(op, a, a, a));
  }

  @Test
  void scalars() {
    assertEquals(Tensor.scalar(5f), run(op, Tensor.scalar(2f), Tensor.scalar(3f)));
  }

  @Test
  void theOutputHasTheCommonShapeWithUnknownDimensionsFilledIn() {
    assertEquals(Shape.of(2, 3), op.outputShape(List.of(Shape.of(-1, 3), Shape.of(2, 3))));
    assertEquals(Shape.of(2, 3), op.outputShape(List.of(Shape.of(2, -1), Shape.of(-1, 3))));
    assertEquals(Shape.of(-1, 3), op.outputShape(List.of(Shape.of(-1, 3), Shape.of(-1, 3))));
  }

  @Test
  void noInputIsRefused() {
    ShapeException e = assertThrows(ShapeException.class, () -> op.outputShape(List.of()));
    assertEquals("needs at least one input", e.getMessage());
  }

  @Test
  void differentShapesAreRefused() {
    ShapeException e = assertThrows(ShapeException.class,
        () -> op.outputShape(List.of(Shape.of(2, 3), Shape.of(2, 3), Shape.of(3, 2))));
    assertEquals("input 2 is f32[3,2] but input 0 is f32[2,3]; all inputs must have one shape",
        e.getMessage());
    e = assertThrows(ShapeException.class,
        () -> op.outputShape(List.of(Shape.of(6), Shape.of(2, 3))));
    assertEquals("input 1 is f32[2,3] but input 0 is f32[6]; all inputs must have one shape",
        e.getMessage());
  }

  @Test
  void theMessageShowsInputZeroAsItWasGiven() {
    ShapeException e = assertThrows(ShapeException.class,
        () -> op.outputShape(List.of(Shape.of(-1, 3), Shape.of(2, 3), Shape.of(4, 3))));
    assertEquals("input 2 is f32[4,3] but input 0 is f32[?,3]; all inputs must have one shape",
        e.getMessage());
  }

  @Test
  void everyInputReceivesTheUpstreamGradient() {
    Graph g = new Graph();
    Node a = g.placeholder("a", 2);
    Node b = g.placeholder("b", 2);
    Node sum = g.apply(op, a, b, a);
    Node dy = g.placeholder("dy", 2);
    List<Node> grads = op.gradient(new GradContext(sum, dy));
    assertEquals(3, grads.size());
    grads.forEach(d -> assertSame(dy, d));
    assertTrue(op.isDifferentiable(0) && op.isDifferentiable(2));
  }
}
