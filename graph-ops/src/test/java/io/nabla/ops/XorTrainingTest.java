package io.nabla.ops;

import static io.nabla.ops.Ops.add;
import static io.nabla.ops.Ops.matmul;
import static io.nabla.ops.Ops.softmaxCrossEntropy;
import static io.nabla.ops.Ops.tanh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Plan;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The course's point, through the public API only: logistic regression cannot separate XOR (a
 * linear boundary), a two-layer tanh MLP trained by plain gradient descent does.
 */
class XorTrainingTest {
  private static final Tensor X = Tensor.matrix(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
  private static final Tensor Y = Tensor.vector(0, 1, 1, 0);

  @Test
  void mlpLearnsXorButLogisticRegressionCannot() {
    assertEquals(1.0, train(8), 1e-9, "a 2-8-2 tanh MLP classifies all four XOR points");
    assertTrue(train(0) <= 0.75, "a linear model gets at most 3 of 4 XOR points right");
  }

  /** Trains a classifier with {@code hidden} tanh units (0 = logistic regression). */
  private static double train(int hidden) {
    Random random = new Random(1);
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 2);
    Node y = g.placeholder("y", -1);
    List<Node> params = new ArrayList<>();
    Node h = x;
    int width = 2;
    if (hidden > 0) {
      try (Scope s = g.scope("fc1")) {
        Node w = g.variable("w", gaussian(random, 2, hidden));
        Node b = g.variable("b", Tensor.zeros(hidden));
        params.add(w);
        params.add(b);
        h = tanh(add(matmul(x, w), b));
        width = hidden;
      }
    }
    Node logits;
    try (Scope s = g.scope("out")) {
      Node w = g.variable("w", gaussian(random, width, 2));
      Node b = g.variable("b", Tensor.zeros(2));
      params.add(w);
      params.add(b);
      logits = add(matmul(h, w), b);
    }
    Node loss = softmaxCrossEntropy(logits, y);
    List<Node> grads = Autodiff.gradients(loss, params);

    Session session = new Session(g);
    List<Node> fetches = new ArrayList<>(grads);
    fetches.add(loss);
    Plan step = session.compile(fetches, List.of(x, y));
    for (int epoch = 0; epoch < 2000; epoch++) {
      Results r = step.run(Map.of(x, X, y, Y));
      for (int i = 0; i < params.size(); i++) {
        float[] p = session.state(params.get(i)).data();
        float[] d = r.get(grads.get(i)).data();
        for (int k = 0; k < p.length; k++) {
          p[k] -= 0.5f * d[k];
        }
      }
    }
    Tensor out = session.run(Map.of(x, X), logits).get(logits);
    int correct = 0;
    for (int i = 0; i < 4; i++) {
      int predicted = out.at(i, 1) > out.at(i, 0) ? 1 : 0;
      correct += predicted == (int) Y.get(i) ? 1 : 0;
    }
    return correct / 4.0;
  }

  private static Tensor gaussian(Random random, int rows, int cols) {
    return Tensor.fromFunction(Shape.of(rows, cols),
        i -> random.nextGaussian());
  }
}
