package io.nabla.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Session;
import io.nabla.core.primitive.Identity;
import io.nabla.core.primitive.Primitives;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphExtensionTest {
  private final Graph g = new Graph();
  private final Node x = g.placeholder("x", 2);
  private final Node w = g.variable("w", Tensor.of(new float[] {1, 2}, 2));

  @Test
  void anExtensionSeesItsParentsNodesAndAddsItsOwnUnderItsScope() {
    Graph ext = g.extend("train");
    Node target = ext.placeholder("target", 2);
    Node y = ext.apply(new Identity(), target);
    assertEquals("train/target", target.name());
    assertEquals("train/identity", y.name());
    assertSame(x, ext.node("x"));
    assertEquals(4, ext.size());
    assertEquals(2, g.size(), "the parent does not grow");
    assertTrue(ext.owns(x));
    assertFalse(g.owns(target));
    assertTrue(ext.extendsGraph(g));
    assertFalse(g.extendsGraph(ext));
  }

  @Test
  void aNodeOnParentAndExtensionNodesGoesToTheExtension() {
    Graph ext = g.extend("train");
    Node t = ext.placeholder("t", 2);
    Node sum = g.apply(new io.nabla.core.primitive.AddN(), x, t);
    assertSame(ext, sum.graph());
    assertEquals("train/add_n", sum.name());
  }

  @Test
  void whileOpenNodesBuiltOnTheParentGoToTheExtension() {
    Graph ext = g.extend("step");
    Node y;
    try (Scope s = ext.open()) {
      y = g.apply(new Identity(), w);
      try (Scope inner = g.scope("loss")) {
        assertEquals("step/loss/identity", g.apply(new Identity(), y).name());
      }
    }
    assertSame(ext, y.graph());
    assertEquals("step/identity", y.name());
    assertEquals(2, g.size());
    Node after = g.apply(new Identity(), w);
    assertSame(g, after.graph());
  }

  @Test
  void gradientsOfAParentLossBuiltInAnOpenExtensionLeaveTheParentAsItWas() {
    Node loss = Primitives.sumLike(w, g.constant(Tensor.scalar(0)));
    int before = g.size();
    Graph ext = g.extend("step");
    List<Node> grads;
    try (Scope s = ext.open()) {
      grads = Autodiff.gradients(loss, w);
    }
    assertEquals(before, g.size());
    assertTrue(grads.get(0).name().startsWith("step/grad/"), grads.get(0).name());
    Session session = new Session(g);
    Tensor dw = session.run(Map.of(), grads.get(0)).get(grads.get(0));
    assertEquals(2, dw.size());
  }

  @Test
  void siblingExtensionsDoNotMix() {
    Graph a = g.extend("a");
    Graph b = g.extend("b");
    Node ta = a.placeholder("t", 2);
    Node tb = b.placeholder("t", 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> a.apply(new io.nabla.core.primitive.AddN(), ta, tb));
    assertEquals("node 'b/t' belongs to another graph; nodes of different graphs cannot be"
        + " combined", e.getMessage());
  }

  @Test
  void aSessionOfTheParentRunsNodesOfTheExtension() {
    Session session = new Session(g);
    Graph ext = g.extend("train");
    Node y = ext.apply(new Identity(), w);
    assertEquals(2f, session.run(Map.of(), y).get(y).get(1));
  }

  @Test
  void theParentsLaterNodesAreNotPartOfTheExtension() {
    Graph ext = g.extend("train");
    Node later = g.apply(new Identity(), x);
    assertFalse(ext.owns(later));
    assertThrows(IllegalArgumentException.class, () -> ext.apply(new Identity(), later));
  }
}
