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
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FillLikeTest {

  @Test
  void fillsTheInputsShapeWithTheValue() {
    assertEquals(Tensor.filled(Shape.of(2, 3), 0f), run(new FillLike(0f), iota(2, 3)));
    assertEquals(Tensor.filled(Shape.of(4), 1f), run(new FillLike(1f), iota(4)));
    assertEquals(Tensor.scalar(-2.5f), run(new FillLike(-2.5f), Tensor.scalar(7f)));
  }

  @Test
  void theTypeSaysWhichFill() {
    assertEquals("zeros_like", new FillLike(0f).type());
    assertEquals("ones_like", new FillLike(1f).type());
    assertEquals("fill_like", new FillLike(3f).type());
    assertEquals(Map.of(), new FillLike(1f).attributes());
    assertEquals(Map.of("value", 3f), new FillLike(3f).attributes());
    assertEquals(3f, new FillLike(3f).value());
  }

  @Test
  void theShapeIsTheInputsShape() {
    assertEquals(Shape.of(-1, 5), new FillLike(1f).outputShape(List.of(Shape.of(-1, 5))));
    ShapeException e = assertThrows(ShapeException.class,
        () -> new FillLike(1f).outputShape(List.of()));
    assertEquals("takes 1 input but was given 0", e.getMessage());
  }

  @Test
  void theInputIsNotDifferentiable() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 2);
    FillLike op = new FillLike(1f);
    Node y = g.apply(op, x);
    List<Node> grads = op.gradient(new GradContext(y, g.placeholder("dy", 2)));
    assertEquals(1, grads.size());
    assertNull(grads.get(0));
    assertFalse(op.isDifferentiable(0));
  }
}
