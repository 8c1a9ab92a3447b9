package io.nabla.ops.pass;

import static io.nabla.ops.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Plan;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.pass.Pipeline;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The passes change how a value is computed, never the value: runs with and without them give
 * the same bits, since no rewrite reorders a sum.
 */
class EquivalenceTest {
  private static final Tensor XOR_X = Tensor.matrix(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
  private static final Tensor XOR_Y = Tensor.vector(0, 1, 1, 0);

  private static Tensor gaussian(Random r, int... dims) {
    return Tensor.fromFunction(Shape.of(dims), i -> r.nextGaussian());
  }

  private static long operations(Plan plan) {
    return plan.order().stream().filter(n -> n.kind() == NodeKind.OPERATION).count();
  }

  @Test
  void trainingTheXorMlpFollowsTheSameTrajectory() {
    Random random = new Random(1);
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 2);
    Node y = g.placeholder("y", -1);
    Node w1 = g.variable("fc1/w", gaussian(random, 2, 8));
    Node b1 = g.variable("fc1/b", Tensor.zeros(8));
    Node w2 = g.variable("out/w", gaussian(random, 8, 2));
    Node b2 = g.variable("out/b", Tensor.zeros(2));
    List<Node> params = List.of(w1, b1, w2, b2);
    Node loss = softmaxCrossEntropy(add(matmul(tanh(add(matmul(x, w1), b1)), w2), b2), y);
    List<Node> fetches = new ArrayList<>(Autodiff.gradients(loss, params));
    fetches.add(loss);
    Session plain = new Session(g, Pipeline.none());
    Session optimized = new Session(g, OpsPasses.standard());
    Plan a = plain.compile(fetches, List.of(x, y));
    Plan b = optimized.compile(fetches, List.of(x, y));
    assertTrue(operations(b) < operations(a), operations(b) + " vs " + operations(a));
    for (int step = 0; step < 300; step++) {
      Results ra = a.run(Map.of(x, XOR_X, y, XOR_Y));
      Results rb = b.run(Map.of(x, XOR_X, y, XOR_Y));
      for (Node f : fetches) {
        assertEquals(ra.get(f), rb.get(f), f.name() + " at step " + step);
      }
      for (int i = 0; i < params.size(); i++) {
        descend(plain, params.get(i), ra.get(fetches.get(i)));
        descend(optimized, params.get(i), rb.get(fetches.get(i)));
      }
    }
    for (Node p : params) {
      assertEquals(plain.value(p), optimized.value(p), p.name());
    }
    assertTrue(a.run(Map.of(x, XOR_X, y, XOR_Y)).scalar(loss) < 0.1f, "the MLP learned XOR");
  }

  private static void descend(Session s, Node param, Tensor grad) {
    float[] p = s.state(param).data();
    for (int k = 0; k < p.length; k++) {
      p[k] -= 0.5f * grad.data()[k];
    }
  }

  @Test
  void aHessianVectorProductIsTheSameAndComputedWithFewerSteps() {
    Random random = new Random(7);
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3);
    Node y = g.placeholder("y", -1);
    Node w1 = g.variable("w1", gaussian(random, 3, 6));
    Node b1 = g.variable("b1", gaussian(random, 6));
    Node w2 = g.variable("w2", gaussian(random, 6, 4));
    Node loss = softmaxCrossEntropy(matmul(tanh(add(matmul(x, w1), b1)), w2), y);
    List<Node> params = List.of(w1, b1, w2);
    List<Node> grads = Autodiff.gradients(loss, params);
    // H·v = d/dθ (∇L · v), for a fixed direction v per parameter
    Node dot = null;
    for (int i = 0; i < params.size(); i++) {
      Node v = g.constant(gaussian(random, params.get(i).shape().dims()));
      Node term = sum(mul(grads.get(i), v));
      dot = dot == null ? term : add(dot, term);
    }
    List<Node> hv = Autodiff.gradients(dot, params);
    Session session = new Session(g, OpsPasses.standard());
    Plan a = session.compile(hv, List.of(x, y), Pipeline.none());
    Plan b = session.compile(hv, List.of(x, y));
    Map<Node, Tensor> feeds = Map.of(x, gaussian(random, 5, 3), y, Tensor.vector(0, 3, 1, 2, 1));
    Results ra = a.run(feeds);
    Results rb = b.run(feeds);
    for (Node h : hv) {
      assertEquals(ra.get(h), rb.get(h), h.name());
    }
    long before = operations(a);
    long after = operations(b);
    assertTrue(after < before * 3 / 4, "second-order plan: " + before + " → " + after);
  }
}
