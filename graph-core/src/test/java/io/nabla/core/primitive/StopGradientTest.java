package io.nabla.core.primitive;

import static io.nabla.core.primitive.OpRunner.iota;
import static io.nabla.core.primitive.OpRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopGradientTest {
  private final StopGradient op = new StopGradient();

  @Test
  void forwardIsTheIdentity() {
    assertEquals(iota(3, 2), run(op, iota(3, 2)));
    assertEquals(Shape.of(-1, 2), op.outputShape(List.of(Shape.of(-1, 2))));
    assertThrows(ShapeException.class, () -> op.outputShape(List.of()));
  }

  @Test
  void itsInputIsNotDifferentiable() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 2);
    Node y = g.apply(op, x);
    List<Node> grads = op.gradient(new GradContext(y, g.placeholder("dy", 2)));
    assertEquals(1, grads.size());
    assertNull(grads.get(0));
    assertFalse(op.isDifferentiable(0));
    assertEquals("stop_gradient", op.type());
  }
}
