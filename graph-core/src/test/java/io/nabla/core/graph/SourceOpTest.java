package io.nabla.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Placeholder, Variable and Constant: sources the executor supplies. */
class SourceOpTest {
  private final Graph g = new Graph();

  @Test
  void aConstantKeepsACopyOfItsValue() {
    Tensor v = Tensor.vector(1, 2, 3);
    Node c = g.constant("c", v);
    v.data()[0] = 99;
    assertEquals(Tensor.vector(1, 2, 3), ((Constant) c.op()).value());
    assertEquals("constant", c.op().type());
  }

  @Test
  void aVariableKeepsACopyOfItsInitialValueAndHandsOutCopies() {
    Tensor v = Tensor.vector(1, 2, 3);
    Node w = g.variable("w", v);
    v.data()[0] = 99;
    Variable op = (Variable) w.op();
    assertEquals(Tensor.vector(1, 2, 3), op.initialValue());
    op.initialValue().data()[1] = 99;
    assertEquals(Tensor.vector(1, 2, 3), op.initialValue());
    assertEquals("variable", op.type());
  }

  @Test
  void aPlaceholderHasItsDeclaredShape() {
    Node x = g.placeholder("x", Shape.of(-1, 3));
    assertEquals("placeholder", x.op().type());
    assertEquals(Shape.of(-1, 3), x.op().outputShape(List.of()));
  }

  @Test
  void aScalarConstantShowsItsValueAsAnAttribute() {
    assertEquals(Map.of("value", 2.5f), g.constant(2.5f).op().attributes());
    assertEquals(Map.of(), g.constant(Tensor.vector(1, 2)).op().attributes());
  }

  @Test
  void sourcesHaveNoInputGradients() {
    Node w = g.variable("w", Tensor.zeros(2));
    assertTrue(w.op().gradient(new GradContext(w, w)).isEmpty());
  }

  @Test
  void computingASourceIsRefused() {
    Node w = g.variable("w", Tensor.zeros(2));
    OpContext ctx = mock(OpContext.class);
    when(ctx.node()).thenReturn(w);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> w.op().compute(ctx));
    assertEquals("variable 'w' is supplied by the executor and has nothing to compute",
        e.getMessage());
  }
}
