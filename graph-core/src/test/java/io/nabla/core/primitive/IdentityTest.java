package io.nabla.core.primitive;

import static io.nabla.core.primitive.OpRunner.iota;
import static io.nabla.core.primitive.OpRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityTest {
  private final Identity op = new Identity();

  @Test
  void copiesItsInput() {
    Tensor x = iota(2, 3);
    Tensor y = run(op, x);
    assertEquals(x, y);
    y.data()[0] = 99;
    assertEquals(1f, x.get(0));
    assertEquals(Tensor.scalar(-4f), run(op, Tensor.scalar(-4f)));
  }

  @Test
  void keepsTheShapeAndTakesOneInput() {
    assertEquals(Shape.of(-1, 3), op.outputShape(List.of(Shape.of(-1, 3))));
    ShapeException e = assertThrows(ShapeException.class,
        () -> op.outputShape(List.of(Shape.of(2), Shape.of(2))));
    assertEquals("takes 1 input but was given 2", e.getMessage());
  }

  @Test
  void passesTheUpstreamGradientThrough() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 2);
    Node y = g.apply(op, x);
    Node dy = g.placeholder("dy", 2);
    assertEquals(List.of(dy), op.gradient(new GradContext(y, dy)));
    assertSame(dy, op.gradient(new GradContext(y, dy)).get(0));
    assertEquals("identity", op.type());
  }
}
