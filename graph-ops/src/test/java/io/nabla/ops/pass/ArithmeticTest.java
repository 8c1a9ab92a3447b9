package io.nabla.ops.pass;

import static io.nabla.ops.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.pass.Pipeline;
import io.nabla.core.pass.PlanGraph;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArithmeticTest {
  private final Graph g = new Graph();
  private final Node x = g.placeholder("x", -1, 3);

  private static List<String> operations(PlanGraph plan) {
    return plan.nodes().stream().filter(n -> n.kind() == NodeKind.OPERATION)
        .map(n -> n.op().type()).toList();
  }

  @Test
  void neutralOperandsGo() {
    Node y = sub(div(add(g.constant(0f), add(mul(g.constant(1f), mul(x, 1f)), 0f)), 1f), 0f);
    Node out = tanh(y);
    PlanGraph before = PlanGraph.of(List.of(out));
    PlanGraph after = Arithmetic.pass().apply(before);
    assertEquals(7, before.operationCount());
    assertEquals(List.of("tanh"), operations(after));
    assertSame(out, after.origin(after.outputs().get(0)));
  }

  @Test
  void theFoldedGradientSeedIsNoLongerMultipliedIn() {
    Node loss = mean(square(x));
    Node seed = onesLike(loss);
    Node scaled = mul(x, seed);
    PlanGraph before = PlanGraph.of(List.of(tanh(scaled)));
    PlanGraph after = OpsPasses.standard().optimize(before);
    assertEquals(5, before.operationCount());
    assertEquals(List.of("tanh"), operations(after));
  }

  @Test
  void aNeutralOperandThatWidensByBroadcastingStays() {
    // x·[1,1,1] for a scalar x is a vector, not x
    Node s = g.placeholder("s");
    Node widened = mul(s, g.constant(Tensor.vector(1, 1, 1)));
    Node scaledByNonNeutral = mul(x, 2f);
    PlanGraph before = PlanGraph.of(List.of(widened, scaledByNonNeutral));
    assertSame(before, Arithmetic.pass().apply(before));
  }

  @Test
  void reshapesToTheSameShapeGo() {
    Node v = g.variable("v", Tensor.zeros(2, 6));
    Node u = g.variable("u", Tensor.zeros(2, 6));
    Node same = reshape(v, 2, 6);
    Node back = reshapeLike(u, v);
    // [?,3] to [?,3] may be the same, but a partial shape is not known to be
    Node other = reshape(x, -1, 3);
    PlanGraph before = PlanGraph.of(List.of(tanh(same), tanh(back), tanh(other)));
    PlanGraph after = Arithmetic.pass().apply(before);
    assertEquals(List.of("reshape", "tanh", "tanh", "tanh"), operations(after));
    assertEquals("x", after.nodes().get(0).name());
  }

  @Test
  void withoutPassesNothingChanges() {
    PlanGraph before = PlanGraph.of(List.of(tanh(mul(x, 1f))));
    assertSame(before, Pipeline.none().optimize(before));
  }
}
