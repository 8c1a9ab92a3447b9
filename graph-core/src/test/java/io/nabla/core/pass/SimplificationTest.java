package io.nabla.core.pass;

import static io.nabla.core.pass.PassTesting.operations;
import static io.nabla.core.primitive.Primitives.addN;
import static io.nabla.core.primitive.Primitives.broadcastLike;
import static io.nabla.core.primitive.Primitives.identity;
import static io.nabla.core.primitive.Primitives.onesLike;
import static io.nabla.core.primitive.Primitives.stopGradient;
import static io.nabla.core.primitive.Primitives.sumLike;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimplificationTest {
  private final Graph g = new Graph();
  private final Node x = g.placeholder("x", -1, 3);
  private final Node w = g.variable("w", Tensor.vector(1, 2, 3));

  @Test
  void identityChainsStopGradientAndAddNOfOneInputGo() {
    Node chain = identity(stopGradient(identity(addN(identity(x)))));
    Node out = g.apply("out", new PassTesting.Scale(2f), chain);
    PlanGraph before = PlanGraph.of(List.of(out));
    PlanGraph after = Simplification.pass().apply(before);
    assertEquals(6, before.operationCount());
    assertEquals(List.of("out=scale"), operations(after));
    assertEquals("x", after.nodes().get(0).name());
    assertSame(x, after.origin(after.nodes().get(0)));
    assertSame(out, after.origin(after.outputs().get(0)));
  }

  @Test
  void sumLikeAndBroadcastLikeToTheSameKnownShapeGo() {
    Node v = g.variable("v", Tensor.vector(4, 5, 6));
    Node same = sumLike(broadcastLike(w, v), v);
    Node out = g.apply("out", new PassTesting.Scale(2f), same);
    PlanGraph after = Simplification.pass().apply(PlanGraph.of(List.of(out)));
    assertEquals(List.of("out=scale"), operations(after));
  }

  @Test
  void aReductionWhoseShapeMayDifferAtRunTimeStays() {
    // x is [?,3]: broadcast_like(w, x) widens w, and sum_like(x, x') of two partial shapes may
    Node widened = broadcastLike(w, x);
    Node y = g.placeholder("y", -1, 3);
    Node summed = sumLike(x, y);
    PlanGraph before = PlanGraph.of(List.of(widened, summed));
    assertSame(before, Simplification.pass().apply(before));
  }

  @Test
  void aFillOfAKnownShapeBecomesAConstantAndItsInputIsNoLongerComputed() {
    Node expensive = g.apply("expensive", new PassTesting.Scale(3f), w);
    Node ones = onesLike(expensive);
    Node out = g.apply("out", new PassTesting.Scale(2f), ones);
    PlanGraph after = Simplification.pass().apply(PlanGraph.of(List.of(out)));
    assertEquals(List.of("out=scale"), operations(after));
    Node constant = after.nodes().get(0);
    assertEquals(NodeKind.CONSTANT, constant.kind());
    assertEquals("ones_like", constant.name());
    assertSame(ones, after.origin(constant));
  }

  @Test
  void aFetchedComputationIsNotReplacedByAVariable() {
    Node named = identity(w);
    PlanGraph before = PlanGraph.of(List.of(named));
    assertSame(before, Simplification.pass().apply(before));
  }
}
