package io.nabla.core.pass;

import static io.nabla.core.pass.PassTesting.operations;
import static io.nabla.core.primitive.Primitives.addN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nabla.core.exec.GraphRunException;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Constant;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstantFoldingTest {
  private final Graph g = new Graph();
  private final Node a = g.constant("a", Tensor.vector(1, 2, 3));
  private final Node b = g.constant("b", Tensor.vector(10, 20, 30));
  private final Node w = g.variable("w", Tensor.vector(1, 1, 1));
  private final Node x = g.placeholder("x", 3);

  @Test
  void aSubgraphOfConstantsIsComputedOnceWhileCompiling() {
    Node sum = addN(a, b);
    Node scaled = g.apply("scaled", new PassTesting.Scale(2f), sum);
    Node out = addN(scaled, x);
    PlanGraph before = PlanGraph.of(List.of(out));
    PlanGraph after = ConstantFolding.pass().apply(before);
    assertEquals(3, before.operationCount());
    assertEquals(List.of("add_n_1=add_n"), operations(after));
    Node folded = after.nodes().stream().filter(n -> n.kind() == NodeKind.CONSTANT)
        .findFirst().orElseThrow();
    assertEquals("scaled", folded.name());
    assertSame(scaled, after.origin(folded));
    assertEquals(Tensor.vector(22, 44, 66), ((Constant) folded.op()).value());
  }

  @Test
  void variablesPlaceholdersAndOpsThatDependOnTheRunAreNotFolded() {
    Node ofVariable = g.apply("of_variable", new PassTesting.Scale(2f), w);
    Node ofPlaceholder = g.apply("of_placeholder", new PassTesting.Scale(2f), x);
    Node noisy = g.apply("noisy", new PassTesting.Noise(), a);
    PlanGraph before = PlanGraph.of(List.of(ofVariable, ofPlaceholder, noisy));
    assertSame(before, ConstantFolding.pass().apply(before));
  }

  @Test
  void aComputationThatFailsIsLeftToFailAtRunTime() {
    Node bad = g.apply("bad", new PassTesting.Boom(), a);
    PlanGraph before = PlanGraph.of(List.of(bad));
    assertSame(before, ConstantFolding.pass().apply(before));
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> new Session(g).run(Map.of(), bad));
    assertEquals("while running boom 'bad' (inputs: 'a' f32[3]): kaput", e.getMessage());
  }
}
