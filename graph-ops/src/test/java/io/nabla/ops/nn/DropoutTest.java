package io.nabla.ops.nn;

import static io.nabla.ops.NnOps.*;
import static io.nabla.ops.Ops.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inverted dropout: expectation, reproducibility, one mask per run, identity in inference. */
class DropoutTest {
  private static final int N = 100_000;

  private static Tensor runOnes(float p, RunOptions options) {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1);
    Node y = dropout(x, p);
    return new Session(g).run(Map.of(x, Tensor.filled(Shape.of(N), 1f)), options, y).get(y);
  }

  @Test
  void trainingKeepsTheExpectationAndDropsAFractionP() {
    float p = 0.3f;
    Tensor y = runOnes(p, RunOptions.forTraining().withSeed(11));
    double sum = 0;
    int zeros = 0;
    for (float v : y.toArray()) {
      sum += v;
      if (v == 0f) {
        zeros++;
      } else {
        assertEquals(1f / (1f - p), v, 0f, "a kept element is scaled by 1/(1 - p)");
      }
    }
    assertEquals(1.0, sum / N, 0.01, "mean of dropout(ones)");
    assertEquals(p, (double) zeros / N, 0.01, "fraction of dropped elements");
  }

  @Test
  void theSeedDecidesTheMask() {
    Tensor a = runOnes(0.5f, RunOptions.forTraining().withSeed(7));
    Tensor b = runOnes(0.5f, RunOptions.forTraining().withSeed(7));
    Tensor c = runOnes(0.5f, RunOptions.forTraining().withSeed(8));
    assertEquals(a, b, "same seed, same mask");
    assertNotEquals(a, c, "another seed, another mask");
  }

  @Test
  void forwardAndBackwardShareTheMaskWithinARun() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 50, 40);
    Node w = g.placeholder("w", 50, 40);
    Node y = dropout(x, 0.4f);
    Node mask = y.input(1);
    assertEquals("dropout/dropout_mask", mask.name());
    Node dx = Autodiff.gradients(sum(mul(y, w)), x).get(0);
    Tensor xv = Tensor.fromFunction(Shape.of(50, 40), i -> 1 + i % 7);
    Tensor wv = Tensor.fromFunction(Shape.of(50, 40), i -> 0.5 + i % 5);
    Map<Node, Tensor> feeds = Map.of(x, xv, w, wv);
    RunOptions training = RunOptions.forTraining().withSeed(3);
    Results r = new Session(g).run(feeds, training, mask, y, dx);
    float[] m = r.get(mask).toArray();
    float[] yv = r.get(y).toArray();
    float[] dxv = r.get(dx).toArray();
    int dropped = 0;
    for (int i = 0; i < m.length; i++) {
      assertEquals(xv.get(i) * m[i], yv[i], 0f, "y = x · mask at " + i);
      assertEquals(wv.get(i) * m[i], dxv[i], 0f, "dx = dy · mask at " + i);
      dropped += m[i] == 0f ? 1 : 0;
    }
    assertFalse(dropped == 0 || dropped == m.length, "the mask drops some elements, not all");
    // another plan run with the same seed (as a gradient check does) sees the same mask
    assertArrayEquals(yv, new Session(g).run(feeds, training, y).get(y).toArray());
  }

  @Test
  void inferenceIsTheIdentity() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 3, 4);
    Node y = dropout(x, 0.9f);
    Tensor xv = Tensor.fromFunction(Shape.of(3, 4), i -> i - 5.5);
    assertEquals(xv, new Session(g).run(Map.of(x, xv), RunOptions.forInference().withSeed(3), y)
        .get(y));
    assertEquals(Tensor.filled(Shape.of(N), 1f), runOnes(0f, RunOptions.forTraining()),
        "p = 0 drops nothing, also in training");
  }

  @Test
  void pMustBeAProbabilityBelowOne() {
    var one = assertThrows(IllegalArgumentException.class, () -> new DropoutMask(1f));
    assertEquals("dropout: the drop probability p must be in [0, 1), not 1.0 (p = 0.5 drops half"
        + " of the elements; p = 1 would drop them all)", one.getMessage());
    String tail = " (p = 0.5 drops half of the elements; p = 1 would drop them all)";
    assertEquals("dropout: the drop probability p must be in [0, 1), not -0.1" + tail,
        assertThrows(IllegalArgumentException.class, () -> new DropoutMask(-0.1f)).getMessage());
    assertEquals("dropout: the drop probability p must be in [0, 1), not NaN" + tail,
        assertThrows(IllegalArgumentException.class, () -> new DropoutMask(Float.NaN))
            .getMessage());
    Graph g = new Graph();
    assertEquals("dropout: the drop probability p must be in [0, 1), not 1.5" + tail,
        assertThrows(IllegalArgumentException.class, () -> dropout(g.placeholder("x", 2), 1.5f))
            .getMessage());
  }

  @Test
  void theMaskIsNotDifferentiable() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 2);
    Node mask = g.apply(new DropoutMask(0.5f), x);
    assertFalse(mask.op().isDifferentiable(0));
    assertNull(mask.op().gradient(new GradContext(mask, x)).get(0));
    // no gradient flows through the mask: d sum(mask) / dx is zero
    Node dx = Autodiff.gradients(sum(mask), x).get(0);
    assertSame(x, dx.input(0));
    assertEquals(Tensor.zeros(2), new Session(g).run(Map.of(x, Tensor.vector(1, 2)),
        RunOptions.forTraining(), dx).get(dx));
  }
}
