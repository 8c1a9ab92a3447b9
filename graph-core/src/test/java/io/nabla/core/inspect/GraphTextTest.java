package io.nabla.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.inspect.SampleGraph.FakeOp;
import io.nabla.core.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphTextTest {
  private final SampleGraph s = new SampleGraph();

  @Test
  void printsEachNodeWithShapeOpAndInputsInCreationOrder() {
    String expected = """
        x:f32[?,2] = placeholder
        fc1/w:f32[1,2] = variable
        fc1/broadcast_like:f32[?,2] = broadcast_like fc1/w x
        fc1/add_n:f32[?,2] = add_n x fc1/broadcast_like
        fc1/bn/mean:f32[?,2] = identity fc1/add_n
        add_n:f32[?,2] = add_n fc1/bn/mean fc1/bn/mean
        c:f32[] = constant[value=2.0]
        loss:f32[] = sum_like add_n c
        t:f32[2,1] = transpose[perm=[1, 0]] fc1/w
        """;

    assertEquals(expected, GraphText.ancestorsOf(s.loss, s.transposed));
  }

  @Test
  void gradientNodesSayWhatTheyAreTheGradientOf() {
    String text = GraphText.of(s.graph);

    assertTrue(text.contains("\ngrad/fc1/w:f32[1,2] = identity grad/fc1/broadcast_like/sum_like"
        + "  # grad of fc1/w\n"), text);
    for (Node node : s.graph.nodes()) {
      String line = GraphText.line(node);
      assertTrue(text.contains(line + "\n"), line);
      assertEquals(node.gradientOf().isPresent(), line.contains("  # grad of "), line);
    }
    assertTrue(GraphText.line(s.graph.node("grad/fc1/bn/mean"))
        .endsWith("  # grad of fc1/bn/mean"));
  }

  @Test
  void attributesAreSortedByNameWithArraysSpelledOut() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 4, 4);
    // Inserted in reverse order, so only sorting can print them alphabetically.
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("stride", 2);
    attributes.put("names", new String[] {"a", "b"});
    attributes.put("axes", new int[] {0, 1});
    attributes.put("alpha", 0.5f);

    Node pool = g.apply("pool", new FakeOp("pool", attributes, Shape.of(2, 2)), x);

    assertEquals("pool:f32[2,2] = pool[alpha=0.5, axes=[0, 1], names=[a, b], stride=2] x",
        GraphText.line(pool));
  }

  @Test
  void ancestorsOfLeavesOutWhatTheNodesDoNotDependOn() {
    String text = GraphText.ancestorsOf(List.of(s.gradW));

    assertEquals("x:f32[?,2] = placeholder\n", GraphText.ancestorsOf(s.x));
    assertTrue(text.contains("\nloss:f32[] = "), text);
    assertFalse(text.contains("\nt:"), text);
    assertTrue(text.endsWith("  # grad of fc1/w\n"), text);
  }

  @Test
  void sameGraphGivesSameText() {
    assertEquals(GraphText.of(s.graph), GraphText.of(new SampleGraph().graph));
  }

  @Test
  void rejectsAnEmptySelection() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        GraphText::ancestorsOf);

    assertTrue(e.getMessage().contains("no nodes given"), e.getMessage());
  }
}
