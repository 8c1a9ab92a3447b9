package io.nabla.core.primitive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrimitivesTest {
  private final Graph g = new Graph();
  private final Node x = g.placeholder("x", -1, 3);
  private final Node b = g.placeholder("b", 3);

  @Test
  void buildersAddTheirOpToTheGraphOfTheirInput() {
    assertInstanceOf(Identity.class, Primitives.identity(x).op());
    assertInstanceOf(StopGradient.class, Primitives.stopGradient(x).op());
    assertEquals(1f, ((FillLike) Primitives.onesLike(x).op()).value());
    assertEquals(0f, ((FillLike) Primitives.zerosLike(x).op()).value());
    assertEquals(4f, ((FillLike) Primitives.fillLike(x, 4f).op()).value());
    Node sum = Primitives.addN(x, x);
    assertInstanceOf(AddN.class, sum.op());
    assertEquals(List.of(x, x), sum.inputs());
    Node s = Primitives.sumLike(x, b);
    assertInstanceOf(SumLike.class, s.op());
    assertEquals(Shape.of(3), s.shape());
    Node bc = Primitives.broadcastLike(b, x);
    assertInstanceOf(BroadcastLike.class, bc.op());
    assertEquals(Shape.of(-1, 3), bc.shape());
    assertEquals(10, g.size());
  }
}
