package io.nabla.core.exec;

import static io.nabla.core.primitive.Primitives.addN;
import static io.nabla.core.primitive.Primitives.broadcastLike;
import static io.nabla.core.primitive.Primitives.identity;
import static io.nabla.core.primitive.Primitives.sumLike;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.primitive.AddN;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionTest {
  private final Graph g = new Graph();
  private final Node x = g.placeholder("x", -1, 2);
  private final Node w = g.variable("w", Tensor.vector(10, 20));
  private final Node c = g.constant("c", Tensor.vector(100, 200));
  /** y = x + w + c, each row. */
  private final Node y = g.apply("y", new AddN(), x, broadcastLike(w, x), broadcastLike(c, x));
  private final Session s = new Session(g);

  private final Tensor batch = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);

  @Test
  void runComputesTheFetches() {
    Results r = s.run(Map.of(x, batch), y);
    assertEquals(Tensor.of(new float[] {111, 222, 113, 224, 115, 226}, 3, 2), r.get(y));
    assertSame(g, s.graph());
  }

  @Test
  void severalFetchesInOneRun() {
    Node total = sumLike(y, g.constant(0f));
    Results r = s.run(Map.of(x, batch), total, y);
    assertEquals(111 + 222 + 113 + 224 + 115 + 226, r.scalar(total));
    assertEquals(226f, r.get(y).at(2, 1));
  }

  @Test
  void aMissingFeedNamesThePlaceholderAndWhatNeedsIt() {
    Node labels = g.placeholder("labels", -1, 2);
    Node loss = g.apply("loss", new AddN(), y, labels);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.run(Map.of(x, batch), loss));
    assertEquals("placeholder 'labels' is needed to compute 'loss' but was not fed",
        e.getMessage());
  }

  @Test
  void aMissingFeedNamesEveryFetchThatNeedsIt() {
    Node labels = g.placeholder("labels", -1, 2);
    Node loss = g.apply("loss", new AddN(), y, labels);
    Node acc = g.apply("acc", new AddN(), labels, labels);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.run(Map.of(x, batch), y, loss, acc));
    assertEquals("placeholder 'labels' is needed to compute 'loss', 'acc' but was not fed",
        e.getMessage());
  }

  @Test
  void aPlaceholderThatIsNotNeededNeedNotBeFed() {
    g.placeholder("labels", -1, 2);
    Node wPlusC = addN(w, c);
    assertEquals(Tensor.vector(110, 220), s.run(Map.of(), wPlusC).get(wPlusC));
  }

  @Test
  void aFeedOfTheWrongShapeIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.run(Map.of(x, Tensor.zeros(3, 3)), y));
    assertEquals("placeholder 'x' expects f32[?,2] but was fed f32[3,3]: dimension 1 is 3, not 2;"
        + " feed a value of f32[?,2]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> s.run(Map.of(x, Tensor.zeros(2)), y));
    assertTrue(e.getMessage().startsWith("placeholder 'x' expects f32[?,2] but was fed f32[2]:"
        + " rank 1 instead of 2;"), e.getMessage());
  }

  @Test
  void feedingAVariableIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.run(Map.of(x, batch, w, Tensor.zeros(2)), y));
    assertEquals("variable 'w' is a variable, not a placeholder; only placeholders can be fed",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> s.run(Map.of(x, batch, c, Tensor.zeros(2)), y));
    assertEquals("constant 'c' is a constant, not a placeholder; only placeholders can be fed",
        e.getMessage());
  }

  @Test
  void aCompiledPlanRefusesAFedVariableAsCompileDoes() {
    Plan plan = s.compile(List.of(y), List.of(x));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> plan.run(Map.of(x, batch, w, Tensor.zeros(2))));
    assertEquals("variable 'w' is a variable, not a placeholder; only placeholders can be fed",
        e.getMessage());
  }

  @Test
  void nothingToFetchIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.run(Map.of()));
    assertEquals("nothing to fetch: name at least one node", e.getMessage());
  }

  @Test
  void nodesOfAnotherGraphAreRefused() {
    Graph other = new Graph();
    Node foreign = other.placeholder("p", 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.run(Map.of(), foreign));
    assertEquals("node 'p' belongs to another graph; nodes of different graphs cannot be"
        + " combined", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> s.run(Map.of(foreign, Tensor.zeros(2)), w));
    assertThrows(IllegalArgumentException.class,
        () -> s.value(other.variable("v", Tensor.zeros(1))));
  }

  @Test
  void fetchingAVariableReturnsACopy() {
    Tensor v = s.run(Map.of(), w).get(w);
    assertEquals(Tensor.vector(10, 20), v);
    v.data()[0] = -1;
    assertEquals(Tensor.vector(10, 20), s.value(w));
    assertEquals(Tensor.vector(10, 20), s.run(Map.of(), w).get(w));
  }

  @Test
  void fetchingAConstantReturnsACopy() {
    Tensor v = s.run(Map.of(), c).get(c);
    v.data()[0] = -1;
    assertEquals(Tensor.vector(100, 200), s.run(Map.of(), c).get(c));
    Node h = identity(c);
    assertEquals(Tensor.vector(100, 200), s.run(Map.of(), h).get(h));
  }

  @Test
  void fetchingAPlaceholderReturnsACopyOfTheFeed() {
    Tensor fed = batch.copy();
    Tensor v = s.run(Map.of(x, fed), x).get(x);
    assertEquals(batch, v);
    assertNotSame(fed, v);
    v.data()[0] = -1;
    assertEquals(batch, fed);
  }

  @Test
  void theFeedIsOnlyRead() {
    Tensor fed = batch.copy();
    s.run(Map.of(x, fed), y, x);
    assertEquals(batch, fed);
  }

  @Test
  void variablesStartAtTheirInitialValue() {
    assertEquals(Tensor.vector(10, 20), s.value(w));
  }

  @Test
  void assignChangesWhatTheNextRunSees() {
    Tensor v = Tensor.vector(1, 2);
    s.assign(w, v);
    v.data()[0] = 99; // the session keeps its own copy
    assertEquals(Tensor.vector(1, 2), s.value(w));
    assertEquals(Tensor.of(new float[] {102, 204, 104, 206, 106, 208}, 3, 2),
        s.run(Map.of(x, batch), y).get(y));
  }

  @Test
  void assignOfAnotherShapeIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.assign(w, Tensor.vector(1, 2, 3)));
    assertEquals("variable 'w' is f32[2]; cannot assign a value of f32[3]", e.getMessage());
  }

  @Test
  void valueReturnsACopy() {
    s.value(w).data()[0] = 99;
    assertEquals(Tensor.vector(10, 20), s.value(w));
  }

  @Test
  void stateIsLiveAndRunsReadIt() {
    Tensor live = s.state(w);
    assertSame(live, s.state(w));
    live.data()[1] = 0;
    assertEquals(Tensor.vector(10, 0), s.value(w));
    Node h = identity(w);
    assertEquals(Tensor.vector(10, 0), s.run(Map.of(), h).get(h));
  }

  @Test
  void resetReturnsEveryVariableToItsInitialValue() {
    Node v = g.variable("v", Tensor.scalar(5f));
    s.assign(w, Tensor.vector(1, 1));
    s.assign(v, Tensor.scalar(-5f));
    s.reset();
    assertEquals(Tensor.vector(10, 20), s.value(w));
    assertEquals(Tensor.scalar(5f), s.value(v));
    assertEquals(Tensor.of(new float[] {111, 222}, 1, 2),
        s.run(Map.of(x, Tensor.of(new float[] {1, 2}, 1, 2)), y).get(y));
  }

  @Test
  void sessionsOfOneGraphHaveTheirOwnState() {
    Session other = new Session(g);
    s.assign(w, Tensor.vector(0, 0));
    assertEquals(Tensor.vector(10, 20), other.value(w));
  }

  @Test
  void onlyVariablesHaveState() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.value(x));
    assertTrue(e.getMessage().startsWith("placeholder 'x' is a "), e.getMessage());
    assertTrue(e.getMessage().endsWith(", not a variable"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.assign(c, Tensor.vector(1, 2)));
  }

  @Test
  void resultsRefuseANodeThatWasNotFetched() {
    Results r = s.run(Map.of(x, batch), y);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.get(w));
    assertEquals("'w' was not fetched by this run; fetched: [y]", e.getMessage());
  }

  @Test
  void compileGivesAPlanForTheFetchesAndFeeds() {
    Plan p = s.compile(List.of(y), List.of(x));
    assertEquals(List.of(y), p.fetches());
    assertEquals(Tensor.of(new float[] {111, 222}, 1, 2),
        p.run(Map.of(x, Tensor.of(new float[] {1, 2}, 1, 2))).get(y));
  }
}
