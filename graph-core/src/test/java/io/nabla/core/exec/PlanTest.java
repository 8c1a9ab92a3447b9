package io.nabla.core.exec;

import static io.nabla.core.primitive.Primitives.broadcastLike;
import static io.nabla.core.primitive.Primitives.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.TestOps.Boom;
import io.nabla.core.exec.TestOps.FragileGradient;
import io.nabla.core.exec.TestOps.Reciprocal;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.primitive.AddN;
import io.nabla.core.primitive.SumLike;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PlanTest {
  private final Graph g = new Graph();
  private final Node x = g.placeholder("x", -1, 3);
  private final Node w = g.variable("w", Tensor.vector(1, 2, 3));
  private final Node zero = g.constant("zero", Tensor.scalar(0f));
  /** s = 2x + w, per row. */
  private final Node s = g.apply("s", new AddN(), x, broadcastLike(w, x), x);
  /** Column sums of s. */
  private final Node cols = g.apply("cols", new SumLike(), s, w);
  /** Sum of all of s. */
  private final Node total = g.apply("total", new SumLike(), s, zero);
  private final Session session = new Session(g);
  private final Plan plan = session.compile(List.of(cols, total), List.of(x));

  private static Tensor randomBatch(SplittableRandom r, int rows) {
    return Tensor.fromFunction(Shape.of(rows, 3), i -> r.nextInt(-50, 50) / 4.0);
  }

  /** The expected column sums and total, computed in plain Java. */
  private static float[] expected(Tensor batch, float[] w) {
    float[] out = new float[4];
    for (int i = 0; i < batch.shape().dim(0); i++) {
      for (int j = 0; j < 3; j++) {
        float v = 2 * batch.at(i, j) + w[j];
        out[j] += v;
        out[3] += v;
      }
    }
    return out;
  }

  private static float[] actual(Results r, Node cols, Node total) {
    float[] c = r.get(cols).toArray();
    return new float[] {c[0], c[1], c[2], r.scalar(total)};
  }

  @Test
  void theOrderHoldsOnlyWhatTheFetchesNeedInCreationOrder() {
    Node unrelated = g.placeholder("unrelated", 2);
    Node other = identity(unrelated);
    Plan p = session.compile(List.of(cols), List.of(x));
    List<Node> order = p.order();
    assertTrue(order.contains(x) && order.contains(w) && order.contains(s));
    assertTrue(!order.contains(unrelated) && !order.contains(other) && !order.contains(total));
    assertTrue(!order.contains(zero));
    for (int i = 1; i < order.size(); i++) {
      assertTrue(order.get(i - 1).id() < order.get(i).id());
    }
    assertEquals(List.of(cols), p.fetches());
    assertEquals("Plan(3 steps → cols)", p.toString());
  }

  @Test
  void runGivesTheValues() {
    Tensor batch = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Results r = plan.run(Map.of(x, batch));
    // s = [[3, 6, 9], [9, 12, 15]]
    assertEquals(Tensor.vector(12, 18, 24), r.get(cols));
    assertEquals(54f, r.scalar(total));
  }

  @Test
  void aMissingFeedAtRunTimeIsReportedLikeAtCompileTime() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> plan.run(Map.of()));
    assertEquals("placeholder 'x' is needed to compute 'cols', 'total' but was not fed",
        e.getMessage());
  }

  @Test
  void aWrongFeedShapeAtRunTimeIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> plan.run(Map.of(x, Tensor.zeros(3, 2))));
    assertEquals("placeholder 'x' expects f32[?,3] but was fed f32[3,2]: dimension 1 is 2, not 3;"
        + " feed a value of f32[?,3]", e.getMessage());
  }

  @Test
  void aFeedOfTheWrongRankIsRefusedWithAHint() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> plan.run(Map.of(x, Tensor.vector(1, 2, 3))));
    assertEquals("placeholder 'x' expects f32[?,3] but was fed f32[3]: rank 1 instead of 2;"
        + " reshape the value to f32[?,3] (a single example still needs its batch axis)",
        e.getMessage());
  }

  @Test
  void anEmptyBatchIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> plan.run(Map.of(x, Tensor.zeros(0, 3))));
    assertEquals("placeholder 'x' f32[?,3] was fed an empty batch f32[0,3] (dimension 0 is 0);"
        + " feed at least one example", e.getMessage());
  }

  @Test
  void aPlaceholderDeclaredEmptyMayBeFedEmpty() {
    Node none = g.placeholder("none", 0, 3);
    Node copy = identity(none);
    assertEquals(Shape.of(0, 3),
        session.run(Map.of(none, Tensor.zeros(0, 3)), copy).get(copy).shape());
  }

  @Test
  void manyRunsWithDifferentFeedsReuseBuffersCorrectly() {
    SplittableRandom r = new SplittableRandom(42);
    List<Results> kept = new ArrayList<>();
    List<float[]> wanted = new ArrayList<>();
    for (int run = 0; run < 200; run++) {
      Tensor batch = randomBatch(r, 1 + run % 5);
      Results res = plan.run(Map.of(x, batch));
      float[] want = expected(batch, new float[] {1, 2, 3});
      assertEquals(Tensor.of(new float[] {want[0], want[1], want[2]}, 3), res.get(cols),
          "run " + run);
      assertEquals(want[3], res.scalar(total), 1e-3, "run " + run);
      kept.add(res);
      wanted.add(want);
    }
    // fetched values belong to the caller: later runs did not write over them
    for (int run = 0; run < kept.size(); run++) {
      float[] got = actual(kept.get(run), cols, total);
      float[] want = wanted.get(run);
      for (int k = 0; k < 3; k++) {
        assertEquals(want[k], got[k], "run " + run + " element " + k);
      }
    }
  }

  @Test
  void aFetchedIntermediateIsNotRecycled() {
    Plan p = session.compile(List.of(s, total), List.of(x));
    Tensor first = p.run(Map.of(x, Tensor.filled(Shape.of(2, 3), 1f))).get(s);
    Tensor copy = first.copy();
    for (int i = 0; i < 20; i++) {
      p.run(Map.of(x, Tensor.filled(Shape.of(2, 3), i)));
    }
    assertEquals(copy, first);
  }

  @Test
  void concurrentRunsOfOnePlanGiveTheSerialResults() throws Exception {
    // a deeper chain, so that every run takes and gives back many buffers:
    // h = x + 10 w, per row
    Node h = x;
    for (int k = 0; k < 10; k++) {
      h = g.apply(new AddN(), h, broadcastLike(w, x));
    }
    Node hCols = g.apply("h_cols", new SumLike(), h, w);
    Node hTotal = g.apply("h_total", new SumLike(), h, zero);
    Plan deep = session.compile(List.of(hCols, hTotal), List.of(x));
    int threads = 8;
    int runsPerThread = 300;
    List<List<Tensor>> feeds = new ArrayList<>();
    List<List<float[]>> serial = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SplittableRandom r = new SplittableRandom(t);
      List<Tensor> f = new ArrayList<>();
      List<float[]> res = new ArrayList<>();
      for (int i = 0; i < runsPerThread; i++) {
        Tensor batch = randomBatch(r, 1 + (t * 7 + i) % 40);
        f.add(batch);
        res.add(actual(deep.run(Map.of(x, batch)), hCols, hTotal));
      }
      feeds.add(f);
      serial.add(res);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<float[]>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<Tensor> f = feeds.get(t);
        Callable<List<float[]>> job = () -> {
          start.await();
          List<float[]> res = new ArrayList<>();
          for (Tensor batch : f) {
            res.add(actual(deep.run(Map.of(x, batch)), hCols, hTotal));
          }
          return res;
        };
        futures.add(pool.submit(job));
      }
      start.countDown();
      for (int t = 0; t < threads; t++) {
        List<float[]> got = futures.get(t).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < runsPerThread; i++) {
          Tensor batch = feeds.get(t).get(i);
          for (int k = 0; k < 4; k++) {
            String where = "thread " + t + " run " + i + " element " + k;
            assertEquals(serial.get(t).get(i)[k], got.get(i)[k], where);
            float want = k < 3
                ? columnSum(batch, k) + 10 * (k + 1) * batch.shape().dim(0)
                : columnSum(batch, 0) + columnSum(batch, 1) + columnSum(batch, 2)
                    + 60 * batch.shape().dim(0);
            assertEquals(want, got.get(i)[k], 1e-2, where);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static float columnSum(Tensor batch, int j) {
    float s = 0;
    for (int i = 0; i < batch.shape().dim(0); i++) {
      s += batch.at(i, j);
    }
    return s;
  }

  @Test
  void anExceptionInComputeIsWrappedNamingTheNodeAndInputShapes() {
    Node b = g.apply("b", new Boom(), x);
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> session.run(Map.of(x, Tensor.zeros(4, 3)), b));
    assertEquals("while running boom 'b' (inputs: 'x' f32[4,3]): kaput", e.getMessage());
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertEquals("kaput", e.getCause().getMessage());
  }

  @Test
  void anExceptionInAGradientNodeNamesTheForwardNode() {
    Node f = g.apply("f", new FragileGradient(), w);
    Node loss = g.apply("loss", new SumLike(), f, zero);
    Node dw = Autodiff.gradients(loss, w).get(0);
    GraphRunException e =
        assertThrows(GraphRunException.class, () -> session.run(Map.of(), dw));
    assertEquals("while running boom 'grad/f/boom' (inputs: 'grad/loss/broadcast_like'"
        + " f32[3]) [in the gradient of fragile 'f']: kaput", e.getMessage());
  }

  @Test
  void aShapeErrorAtRunTimeNamesTheNodeAndTheRunTimeShapes() {
    Node a = g.placeholder("a", -1);
    Node b = g.placeholder("b", -1);
    Node sum = g.apply("sum", new AddN(), a, b);
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> session.run(Map.of(a, Tensor.zeros(2), b, Tensor.zeros(3)), sum));
    assertEquals("while running add_n 'sum' (inputs: 'a' f32[2], 'b' f32[3]): input 1 is"
        + " f32[3] but input 0 is f32[2]; all inputs must have one shape", e.getMessage());
    assertInstanceOf(ShapeException.class, e.getCause());
  }

  @Test
  void aRunTimeShapeThatContradictsTheStaticShapeIsRefused() {
    Op liar = mock(Op.class);
    when(liar.type()).thenReturn("liar");
    when(liar.outputShape(anyList())).thenReturn(Shape.of(3), Shape.of(4));
    Node n = g.apply("n", liar, w);
    GraphRunException e =
        assertThrows(GraphRunException.class, () -> session.run(Map.of(), n));
    assertEquals("while running liar 'n' (inputs: 'w' f32[3]): the shape rule gave f32[4] at"
        + " run time, which does not fit the static shape f32[3]", e.getMessage());
  }

  @Test
  void trappingNonFiniteNamesTheNodeThatProducedIt() {
    Node inv = g.apply("inv", new Reciprocal(), w);
    Node after = identity(inv);
    session.assign(w, Tensor.vector(4, 0, -2));
    RunOptions trap = RunOptions.forInference().trappingNonFinite();
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> session.run(Map.of(), trap, after));
    assertEquals("non-finite value Infinity at element 1 of the output f32[3] of reciprocal"
        + " 'inv' (inputs: 'w' f32[3]); input ranges: 'w' [-2.0, 4.0]. The inputs are finite,"
        + " so this op made it: look for a log or square root of 0, a division by 0 or an"
        + " overflow; a lower learning rate, gradient clipping or an epsilon usually fixes it",
        e.getMessage());
  }

  @Test
  void trappingGivesTheIndexOfTheElementInAMatrix() {
    Node inv = g.apply("inv", new Reciprocal(), x);
    Tensor feed = Tensor.of(new float[] {1, 2, 3, 4, 0, 6}, 2, 3);
    GraphRunException e = assertThrows(GraphRunException.class, () -> session.run(
        Map.of(x, feed), RunOptions.forTraining().trappingNonFinite(), inv));
    assertTrue(e.getMessage().startsWith("non-finite value Infinity at element 4 [1,1] of the"
        + " output f32[2,3] of reciprocal 'inv' (inputs: 'x' f32[2,3]); input ranges: 'x'"
        + " [0.0, 6.0]."), e.getMessage());
  }

  @Test
  void trappingBlamesANaNThatIsFedOnThePlaceholder() {
    Node inv = g.apply("inv", new Reciprocal(), x);
    Tensor feed = Tensor.of(new float[] {1, Float.NaN, 2}, 1, 3);
    GraphRunException e = assertThrows(GraphRunException.class, () -> session.run(
        Map.of(x, feed), RunOptions.forTraining().trappingNonFinite(), inv));
    assertEquals("non-finite value NaN at element 1 [0,1] of placeholder 'x' f32[1,3]: it was"
        + " fed so; clean the input before running", e.getMessage());
  }

  @Test
  void trappingBlamesAVariableOrConstantThatHoldsAnInfinity() {
    Node inv = g.apply("inv", new Reciprocal(), w);
    session.assign(w, Tensor.vector(1, Float.NEGATIVE_INFINITY, 2));
    RunOptions trap = RunOptions.forInference().trappingNonFinite();
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> session.run(Map.of(), trap, inv));
    assertEquals("non-finite value -Infinity at element 1 of variable 'w' f32[3]: the variable"
        + " holds it; an earlier update diverged or it was assigned so (lower the learning rate,"
        + " clip gradients, or reinitialise it)", e.getMessage());
    Node c = g.constant("c", Tensor.vector(Float.NaN));
    Node invC = g.apply("inv_c", new Reciprocal(), c);
    GraphRunException constant = assertThrows(GraphRunException.class,
        () -> session.run(Map.of(), trap, invC));
    assertEquals("non-finite value NaN at element 0 of constant 'c' f32[1]: give the constant"
        + " finite values", constant.getMessage());
  }

  @Test
  void withoutTrappingNonFiniteValuesAreReturned() {
    Node inv = g.apply("inv", new Reciprocal(), w);
    session.assign(w, Tensor.vector(4, 0, -2));
    Tensor out = session.run(Map.of(), inv).get(inv);
    assertEquals(Tensor.vector(0.25f, Float.POSITIVE_INFINITY, -0.5f), out);
  }
}
