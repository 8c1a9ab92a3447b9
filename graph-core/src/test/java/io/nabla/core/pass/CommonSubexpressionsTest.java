package io.nabla.core.pass;

import static io.nabla.core.pass.PassTesting.operations;
import static io.nabla.core.primitive.Primitives.addN;
import static io.nabla.core.primitive.Primitives.sumLike;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommonSubexpressionsTest {
  private final Graph g = new Graph();
  private final Node x = g.placeholder("x", -1, 3);
  private final Node w = g.variable("w", Tensor.vector(1, 2, 3));

  @Test
  void equalOpsOnTheSameInputsBecomeOneAndSoDoTheirConsumers() {
    Node s1 = g.apply("s1", new PassTesting.Scale(2f), x);
    Node s2 = g.apply("s2", new PassTesting.Scale(2f), x);
    Node c1 = sumLike(s1, w);
    Node c2 = sumLike(s2, w);
    Node out = addN(c1, c2);
    PlanGraph before = PlanGraph.of(List.of(out, c2));
    PlanGraph after = CommonSubexpressions.pass().apply(before);
    assertEquals(5, before.operationCount());
    assertEquals(List.of("s1=scale", "sum_like=sum_like", "add_n=add_n"), operations(after));
    // the fetch of the merged node maps to the one kept, which computes the same value
    assertSame(c1, after.origin(after.outputs().get(1)));
    Node sum = after.outputs().get(0);
    assertSame(sum.input(0), sum.input(1));
  }

  @Test
  void differentAttributesOrInputsAreNotMerged() {
    Node s1 = g.apply("s1", new PassTesting.Scale(2f), x);
    Node s2 = g.apply("s2", new PassTesting.Scale(3f), x);
    Node s3 = g.apply("s3", new PassTesting.Scale(2f), s1);
    PlanGraph before = PlanGraph.of(List.of(s1, s2, s3));
    assertSame(before, CommonSubexpressions.pass().apply(before));
  }

  @Test
  void opsThatDrawFromTheirNodesStreamAreNeverMerged() {
    Node n1 = g.apply("n1", new PassTesting.Noise(), x);
    Node n2 = g.apply("n2", new PassTesting.Noise(), x);
    PlanGraph before = PlanGraph.of(List.of(addN(n1, n2)));
    assertSame(before, CommonSubexpressions.pass().apply(before));
  }

  @Test
  void constantsOfEqualValueBecomeOne() {
    Node a = g.constant("a", Tensor.vector(1, 2, 3));
    Node b = g.constant("b", Tensor.vector(1, 2, 3));
    Node c = g.constant("c", Tensor.vector(1, 2, -3));
    PlanGraph after = CommonSubexpressions.pass().apply(PlanGraph.of(List.of(addN(a, b, c))));
    assertEquals(List.of("a", "c", "add_n"), after.nodes().stream().map(Node::name).toList());
  }
}
