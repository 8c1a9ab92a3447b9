package io.nabla.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nabla.core.primitive.AddN;
import io.nabla.core.primitive.Identity;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeTest {
  private final Graph g = new Graph();

  @Test
  void describeAndToStringShowOpNameAndShape() {
    Node x = g.placeholder("x", -1, 784);
    Node h;
    try (Scope s = g.scope("fc2")) {
      h = g.apply(new Identity(), x);
    }
    assertEquals("placeholder 'x'", x.describe());
    assertEquals("identity 'fc2/identity'", h.describe());
    assertEquals("x:f32[?,784]", x.toString());
    assertEquals("fc2/identity:f32[?,784]", h.toString());
  }

  @Test
  void inputsAreKeptInOrderAndCannotBeChanged() {
    Node a = g.placeholder("a", 2);
    Node b = g.placeholder("b", 2);
    Node s = g.apply(new AddN(), b, a, b);
    assertEquals(List.of(b, a, b), s.inputs());
    assertSame(a, s.input(1));
    assertSame(g, s.graph());
    assertThrows(UnsupportedOperationException.class, () -> s.inputs().add(a));
    assertThrows(IndexOutOfBoundsException.class, () -> s.input(3));
  }

  @Test
  void identityIsByObject() {
    Graph g1 = new Graph();
    Graph g2 = new Graph();
    Node a = g1.variable("w", Tensor.zeros(2));
    Node b = g2.variable("w", Tensor.zeros(2));
    assertNotEquals(a, b);
    assertEquals(a, a);
  }
}
