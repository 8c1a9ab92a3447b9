package io.nabla.core.pass;

import static io.nabla.core.primitive.Primitives.identity;
import static io.nabla.core.primitive.Primitives.sumLike;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.GraphRunException;
import io.nabla.core.exec.Plan;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.inspect.Dot;
import io.nabla.core.inspect.GraphText;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plans compiled with passes: what the user fetches, feeds and reads stays theirs. */
class PlanPassesTest {
  private final Graph g = new Graph();
  private final Node x = g.placeholder("x", -1, 3);
  private final Node w = g.variable("w", Tensor.vector(1, 2, 3));
  private final Node named = identity(identity(x));
  private final Node scaled = g.apply("scaled", new PassTesting.Scale(2f), named);
  private final Node total = g.apply("total", new io.nabla.core.primitive.SumLike(), scaled, w);
  private final Tensor batch = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

  @Test
  void passesAreOnByDefaultAndCanBeTurnedOffToRunTheGraphAsBuilt() {
    Session session = new Session(g);
    Plan optimized = session.compile(List.of(total), List.of(x));
    assertFalse(optimized.order().contains(named));
    assertEquals("x:f32[?,3] = placeholder\nw:f32[3] = variable\nscaled:f32[?,3] = scale[s=2.0]"
        + " x\ntotal:f32[3] = sum_like scaled w\n", GraphText.of(optimized));
    assertTrue(Dot.of(optimized).contains("scaled\\nscale s=2.0\\nf32[?,3]"));
    assertFalse(Dot.of(optimized).contains("identity"));
    assertTrue(Dot.ancestorsOf(total).contains("identity"), "the graph as built is unchanged");
    session.setPipeline(Pipeline.none());
    Plan asBuilt = session.compile(List.of(total), List.of(x));
    assertEquals(List.of(x, w, named.input(0), named, scaled, total), asBuilt.order());
    assertEquals(asBuilt.run(Map.of(x, batch)).get(total),
        optimized.run(Map.of(x, batch)).get(total));
    assertEquals(Tensor.vector(10, 14, 18), optimized.run(Map.of(x, batch)).get(total));
  }

  @Test
  void aFetchedNodeThatWasRewrittenIsFetchedByTheUsersNode() {
    Plan plan = new Session(g).compile(List.of(named, x, scaled), List.of(x));
    Results r = plan.run(Map.of(x, batch));
    assertEquals(batch, r.get(named));
    assertEquals(batch, r.get(x));
    // the identity now stands for x's value, yet the caller gets tensors of its own
    assertNotSame(r.get(named), r.get(x));
    assertNotSame(batch, r.get(named));
    assertEquals(named, plan.origin(plan.order().get(plan.order().size() - 2)));
  }

  @Test
  void twoFetchesMergedIntoOneStepGiveTwoTensors() {
    Node s1 = sumLike(g.apply("a", new PassTesting.Scale(2f), x), w);
    Node s2 = sumLike(g.apply("b", new PassTesting.Scale(2f), x), w);
    Plan plan = new Session(g).compile(List.of(s1, s2), List.of(x));
    assertEquals(List.of("x", "w", "a", "sum_like"),
        plan.order().stream().map(Node::name).toList());
    Results r = plan.run(Map.of(x, batch));
    assertEquals(r.get(s1), r.get(s2));
    assertNotSame(r.get(s1), r.get(s2));
    float[] seen = plan.run(Map.of(x, batch), RunOptions.forInference(), res -> {
      res.get(s1).data()[0] = 99f;
      return res.get(s2).toArray();
    });
    assertEquals(10f, seen[0]);
  }

  @Test
  void aRandomStreamSurvivesTheRewrites() {
    Node noisy = g.apply("noisy", new PassTesting.Noise(), named);
    RunOptions seeded = RunOptions.forTraining().withSeed(11);
    Tensor optimized = new Session(g).run(Map.of(x, batch), seeded, noisy).get(noisy);
    Tensor asBuilt = new Session(g, Pipeline.none()).run(Map.of(x, batch), seeded, noisy)
        .get(noisy);
    assertEquals(asBuilt, optimized);
  }

  @Test
  void errorsAtRunTimeNameTheUsersNodes() {
    Node bad = g.apply("bad", new PassTesting.Boom(), named);
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> new Session(g).run(Map.of(x, batch), bad));
    // the identities are gone: the failing step reads x itself
    assertEquals("while running boom 'bad' (inputs: 'x' f32[2,3]): kaput", e.getMessage());
  }

  @Test
  void aMissingFeedIsReportedEvenWhenThePassesRemoveItsOnlyUse() {
    Node loss = g.apply("loss", new io.nabla.core.primitive.SumLike(), scaled, g.constant(0f));
    // d loss / d loss is the seed ones_like(loss), which the passes fold to a constant
    Node seed = Autodiff.gradients(loss, List.of(loss)).get(0);
    Session session = new Session(g);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> session.compile(List.of(seed), List.of()));
    assertEquals("placeholder 'x' is needed to compute 'grad/loss' but was not fed",
        e.getMessage());
    Plan plan = session.compile(List.of(seed), List.of(x));
    assertFalse(plan.order().stream().anyMatch(n -> n.name().equals("x")));
    assertEquals(1f, plan.run(Map.of(x, batch)).scalar(seed));
  }

  @Test
  void trappingNonFiniteNamesTheUsersNode() {
    // finite when fed (a fed infinity is blamed on the feed), infinite once scaled by 2
    Tensor huge = Tensor.of(new float[] {1, 3e38f, 3}, 1, 3);
    GraphRunException e = assertThrows(GraphRunException.class, () -> new Session(g)
        .run(Map.of(x, huge), RunOptions.forInference().trappingNonFinite(), total));
    assertTrue(e.getMessage().startsWith("non-finite value Infinity at element 1 [0,1] of the"
        + " output f32[1,3] of scale 'scaled' (inputs: 'x' f32[1,3]); input ranges: 'x'"
        + " [1.0, 3.0E38]. The inputs are finite"), e.getMessage());
  }
}
