package io.nabla.core.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ops below {@link RunShapes#SERIAL_BELOW} values keep their ranges on the calling thread. */
class SmallOpsRunOnTheCallerTest {
  private final int savedThreads = Parallel.threads();
  private final List<Chunk> chunks = Collections.synchronizedList(new ArrayList<>());
  private final Graph g = new Graph();
  private final Node x = g.placeholder("x", -1);
  private final Node y = g.apply("y", new Doubling(chunks), x);
  private final Plan plan = new Session(g).compile(List.of(y), List.of(x));

  /** One call of a range body: where it ran and what it covered. */
  record Chunk(Thread thread, int from, int to) {}

  /** y = 2x, element by element, through one {@link Parallel#range} that records its chunks. */
  static final class Doubling implements Op {
    private final List<Chunk> chunks;

    Doubling(List<Chunk> chunks) {
      this.chunks = chunks;
    }

    @Override
    public String type() {
      return "doubling";
    }

    @Override
    public Shape outputShape(List<Shape> inputs) {
      return ShapeRules.unary(this, inputs);
    }

    @Override
    public void compute(OpContext c) {
      float[] in = c.input(0).data();
      float[] out = c.output().data();
      Parallel.range(c.output().size(), 1, (from, to) -> {
        chunks.add(new Chunk(Thread.currentThread(), from, to));
        for (int i = from; i < to; i++) {
          out[i] = 2 * in[i];
        }
      });
    }

    @Override
    public List<Node> gradient(GradContext g) {
      throw new UnsupportedOperationException("not needed here");
    }
  }

  @BeforeEach
  void fourThreads() {
    Parallel.setThreads(4);
  }

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(savedThreads);
  }

  private static Tensor ramp(int n) {
    return Tensor.fromFunction(Shape.of(n), i -> i % 1000 - 500);
  }

  private static float[] doubledRamp(int n) {
    return Tensor.fromFunction(Shape.of(n), i -> 2 * (i % 1000 - 500)).toArray();
  }

  @Test
  void aSmallOpRunsItsWholeRangeOnTheCaller() {
    int n = 1000;  // 2,000 values in and out, far below the threshold
    Tensor out = plan.run(Map.of(x, ramp(n))).get(y);
    assertEquals(List.of(new Chunk(Thread.currentThread(), 0, n)), chunks);
    assertArrayEquals(doubledRamp(n), out.toArray());
  }

  @Test
  void aLargeOpIsSplitBetweenTheThreads() {
    int n = (int) RunShapes.SERIAL_BELOW;  // 2n values in and out
    Tensor out = plan.run(Map.of(x, ramp(n))).get(y);
    assertEquals(4, chunks.size(), "chunks: " + chunks);
    assertEquals(n, chunks.stream().mapToInt(c -> c.to() - c.from()).sum());
    assertArrayEquals(doubledRamp(n), out.toArray());
  }

  @Test
  void theCallerOnlyModeEndsWithTheSmallOp() {
    plan.run(Map.of(x, ramp(10)));
    chunks.clear();
    // a range outside any plan step splits again
    Parallel.range(1000, 1, (from, to) -> chunks.add(
        new Chunk(Thread.currentThread(), from, to)));
    assertTrue(chunks.size() > 1, "chunks: " + chunks);
  }

  @Test
  void theThresholdCountsInputsAndOutputTogether() {
    Graph h = new Graph();
    Node a = h.placeholder("a", -1);
    Node b = h.apply("b", new Doubling(chunks), a);
    Node[] order = {a, b};
    int[][] inputSlots = {{}, {0}};
    RunShapes below = RunShapes.of(order, inputSlots, new Shape[] {Shape.of(49), Shape.of(49)},
        100);
    RunShapes at = RunShapes.of(order, inputSlots, new Shape[] {Shape.of(50), Shape.of(50)},
        100);
    assertArrayEquals(new boolean[] {false, true}, below.callerOnly());
    assertArrayEquals(new boolean[] {false, false}, at.callerOnly());
  }
}
