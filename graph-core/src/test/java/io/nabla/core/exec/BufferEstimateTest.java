package io.nabla.core.exec;

import static io.nabla.core.primitive.Primitives.broadcastLike;
import static io.nabla.core.primitive.Primitives.identity;
import static io.nabla.core.primitive.Primitives.sumLike;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.exec.TestOps.Outer;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.pass.Pipeline;
import io.nabla.core.primitive.AddN;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BufferEstimateTest {
  private static final long GIB = 1L << 30;

  private final Graph g = new Graph();
  private final Node x = g.placeholder("x", -1, 3);
  /** Without passes, which would drop the identity chains these tests measure. */
  private final Session session = new Session(g, Pipeline.none());

  @Test
  void aChainOfEqualBuffersNeedsOnlyTwoOfThem() {
    Node h = x;
    for (int k = 0; k < 6; k++) {
      h = identity(h);
    }
    Plan p = session.compile(List.of(h), List.of(x));
    // each step takes the buffer its input's input gave back: two buffers of 4×3 floats
    assertEquals(2 * 4 * 3 * 4, p.estimate(Map.of(x, Tensor.zeros(4, 3))).bytes());
    assertEquals(2 * 100 * 3 * 4, p.estimate(Map.of(x, Tensor.zeros(100, 3))).bytes());
  }

  @Test
  void buffersOfOtherLengthsAndFetchedIntermediatesAreNotReused() {
    Node a = identity(x);                          // [n,3], fetched: never given back
    Node b = identity(a);                          // [n,3], dies after c
    Node c = sumLike(b, g.constant(Tensor.zeros(3)));   // [3]
    Node d = identity(c);                          // [3], reuses nothing: c is still live
    Plan p = session.compile(List.of(a, d), List.of(x));
    int n = 10;
    assertEquals(2 * n * 3 * 4 + 2 * 3 * 4, p.estimate(Map.of(x, Tensor.zeros(n, 3))).bytes());
  }

  @Test
  void aRunWithRoomIsNotRefused() {
    Plan p = session.compile(List.of(identity(x)), List.of(x));
    BufferEstimate e = p.estimate(Map.of(x, Tensor.zeros(2, 3)));
    assertNull(e.shortfall(GIB, GIB));
    assertNull(e.shortfall());
  }

  @Test
  void theShortfallGivesTheEstimateTheLargestBufferAndTheHeap() {
    Node col = g.placeholder("col", -1, 1);
    Node row = g.placeholder("row", 1, -1);
    Node outer = g.apply("outer", new Outer(), col, row);
    Node doubled = g.apply("doubled", new AddN(), outer, outer);
    Plan p = session.compile(List.of(doubled), List.of(col, row));
    int n = 20_000;
    BufferEstimate e = p.estimate(Map.of(col, Tensor.zeros(n, 1), row, Tensor.zeros(1, n)));
    assertEquals(2L * n * n * 4, e.bytes());
    assertEquals("needs an estimated 3.0 GiB of buffers (largest: 'outer' f32[20000,20000]"
        + " 1.5 GiB) but the heap has 2.0 GiB available (max 4.0 GiB): use a smaller batch or"
        + " raise -Xmx", e.shortfall(4 * GIB, 2 * GIB));
    // an eighth more than the estimate is kept free for scratch and copies
    assertTrue(e.shortfall(4 * GIB, e.bytes() + e.bytes() / 8 - 1) != null);
    assertNull(e.shortfall(4 * GIB, e.bytes() + e.bytes() / 8));
  }

  @Test
  void aBufferLongerThanAnArrayIsRefusedWhateverTheHeap() {
    Node col = g.placeholder("col", -1, 1);
    Node row = g.placeholder("row", 1, -1);
    Node outer = g.apply("outer", new Outer(), col, row);
    Plan p = session.compile(List.of(outer), List.of(col, row));
    int n = 50_000;
    BufferEstimate e = p.estimate(Map.of(col, Tensor.zeros(n, 1), row, Tensor.zeros(1, n)));
    assertEquals("needs a buffer of 2500000000 elements for 'outer' f32[50000,50000] 9.3 GiB,"
        + " more than one float array can hold (2147483647): use a smaller batch",
        e.shortfall(Long.MAX_VALUE, Long.MAX_VALUE));
  }

  @Test
  void aRunWhoseIntermediateCannotFitIsRefusedBeforeAnythingIsAllocated() {
    Node col = g.placeholder("col", -1, 1);
    Node row = g.placeholder("row", 1, -1);
    Node outer = g.apply("outer", new Outer(), col, row);
    Node total = sumLike(outer, g.constant(0f));
    Plan p = session.compile(List.of(total), List.of(col, row));
    int n = 200_000;
    Map<Node, Tensor> feeds = Map.of(col, Tensor.zeros(n, 1), row, Tensor.zeros(1, n));
    // Outer's forward computation throws an AssertionError: reaching it fails the test
    GraphRunException e = assertThrows(GraphRunException.class, () -> p.run(feeds));
    String heap = "\\d+\\.\\d [KMGT]iB";
    assertTrue(e.getMessage().matches("running 'sum_like' with feeds 'col' f32\\[200000,1\\],"
        + " 'row' f32\\[1,200000\\] needs an estimated 149\\.0 GiB of buffers \\(largest:"
        + " 'outer' f32\\[200000,200000\\] 149\\.0 GiB\\) but the heap has " + heap
        + " available \\(max " + heap + "\\): use a smaller batch or raise -Xmx"),
        e.getMessage());
    // nothing was cached: the next run checks again, and a run that fits still works
    assertThrows(GraphRunException.class, () -> p.run(feeds));
    Map<Node, Tensor> small = Map.of(col, Tensor.zeros(2, 1), row, Tensor.zeros(1, 2));
    Plan cheap = session.compile(List.of(broadcastLike(g.constant(1f), col)), List.of(col));
    assertEquals(Tensor.filled(Shape.of(2, 1), 1f), cheap.run(small).get(cheap.fetches().get(0)));
  }
}
