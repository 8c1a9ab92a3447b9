package io.nabla.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.exec.TestOps.Probe;
import io.nabla.core.exec.TestOps.UndeclaredProbe;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunOptionsTest {
  private final Graph g = new Graph();
  private final Node probe = g.apply("probe", new Probe());
  private final Node probe2 = g.apply("probe2", new Probe());
  private final Session s = new Session(g);

  private Tensor run(RunOptions o) {
    return s.run(Map.of(), o, probe).get(probe);
  }

  @Test
  void factoriesAndWithers() {
    assertEquals(new RunOptions(false, 0L, false), RunOptions.forInference());
    assertEquals(new RunOptions(true, 0L, false), RunOptions.forTraining());
    assertEquals(new RunOptions(true, 7L, false), RunOptions.forTraining().withSeed(7));
    assertEquals(new RunOptions(true, 7L, true),
        RunOptions.forTraining().withSeed(7).trappingNonFinite());
    assertEquals(new RunOptions(false, 3L, true),
        RunOptions.forInference().trappingNonFinite().withSeed(3));
  }

  @Test
  void theOpSeesTheTrainingFlag() {
    assertEquals(1f, run(RunOptions.forTraining()).get(0));
    assertEquals(0f, run(RunOptions.forInference()).get(0));
    assertEquals(0f, s.run(Map.of(), probe).get(probe).get(0));
  }

  @Test
  void theSameSeedDrawsTheSameNumbers() {
    Tensor a = run(RunOptions.forTraining().withSeed(7));
    Tensor b = run(RunOptions.forTraining().withSeed(7));
    assertEquals(a, b);
    // and in another session of the same graph
    Tensor c = new Session(g).run(Map.of(), RunOptions.forTraining().withSeed(7), probe)
        .get(probe);
    assertEquals(a, c);
    assertTrue(a.get(1) >= 0 && a.get(1) < 1);
  }

  @Test
  void differentSeedsDrawDifferentNumbers() {
    Tensor a = run(RunOptions.forTraining().withSeed(1));
    Tensor b = run(RunOptions.forTraining().withSeed(2));
    Tensor c = run(RunOptions.forTraining());
    assertNotEquals(a.get(1), b.get(1));
    assertNotEquals(a.get(1), c.get(1));
    assertNotEquals(b.get(1), c.get(1));
  }

  @Test
  void eachNodeDrawsItsOwnNumbers() {
    Results r = s.run(Map.of(), RunOptions.forTraining().withSeed(5), probe, probe2);
    assertNotEquals(r.get(probe).get(1), r.get(probe2).get(1));
    assertNotEquals(r.get(probe).get(1), r.get(probe).get(2));
  }

  @Test
  void theDrawDoesNotDependOnWhatElseIsFetched() {
    Tensor alone = s.run(Map.of(), RunOptions.forTraining().withSeed(9), probe2).get(probe2);
    Tensor together = s.run(Map.of(), RunOptions.forTraining().withSeed(9), probe, probe2)
        .get(probe2);
    assertEquals(alone, together);
  }

  @Test
  void anOpThatReadsTheRunWithoutDeclaringItIsRefused() {
    // passes would merge two such nodes and their draws with them
    Node sneaky = g.apply("sneaky", new UndeclaredProbe());
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> s.run(Map.of(), RunOptions.forTraining(), sneaky));
    assertEquals("while running probe 'sneaky' (inputs: ): the op reads the training flag but"
        + " its class UndeclaredProbe does not declare it: override Op.dependsOnRun() to return"
        + " true, so that plan passes never merge it with another node or compute it at"
        + " compile time", e.getMessage());
  }
}
