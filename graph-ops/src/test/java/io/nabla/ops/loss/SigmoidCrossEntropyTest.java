package io.nabla.ops.loss;

import static io.nabla.ops.Ops.sigmoidCrossEntropy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.GraphRunException;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Binary cross-entropy from logits: known values, stability, gradients and errors. */
class SigmoidCrossEntropyTest {

  /** Loss, d logits and d targets at the given values, from one run. */
  private static float[][] evaluate(float[] logits, float[] targets) {
    Graph g = new Graph();
    Node z = g.placeholder("z", -1);
    Node t = g.placeholder("t", -1);
    Node loss = sigmoidCrossEntropy(z, t);
    List<Node> grads = Autodiff.gradients(loss, z, t);
    Results r = new Session(g).run(Map.of(z, Tensor.vector(logits), t, Tensor.vector(targets)),
        loss, grads.get(0), grads.get(1));
    return new float[][] {{r.scalar(loss)}, r.get(grads.get(0)).toArray(),
        r.get(grads.get(1)).toArray()};
  }

  @Test
  void knownValues() {
    // z = 2, t = 1: log(1 + e^−2) = 0.1269280; z = −1, t = 0: log(1 + e^−1) = 0.3132617
    float[][] r = evaluate(new float[] {2, -1}, new float[] {1, 0});
    assertEquals(0.2200948f, r[0][0], 1e-7f);
    // (σ(z) − t) / 2 and −z / 2
    assertArrayEquals(new float[] {(0.8807971f - 1) / 2, 0.26894143f / 2}, r[1], 1e-7f);
    assertArrayEquals(new float[] {-1f, 0.5f}, r[2], 0f);

    assertEquals((float) Math.log(2), evaluate(new float[] {0}, new float[] {0.3f})[0][0],
        1e-7f);
    // z = 1, t = 0.25: 1 − 0.25 + log(1 + e^−1)
    assertEquals(1.0632617f, evaluate(new float[] {1}, new float[] {0.25f})[0][0], 1e-6f);
  }

  @Test
  void matchesTheTextbookFormulaAtModerateLogits() {
    Random random = new Random(5);
    int n = 50;
    float[] z = new float[n];
    float[] t = new float[n];
    double expected = 0;
    for (int i = 0; i < n; i++) {
      z[i] = (float) (4 * random.nextGaussian());
      t[i] = random.nextFloat();
      double s = 1 / (1 + Math.exp(-z[i]));
      expected += -t[i] * Math.log(s) - (1 - t[i]) * Math.log(1 - s);
    }
    assertEquals(expected / n, evaluate(z, t)[0][0], 1e-5);
  }

  @Test
  void stableAtLargeLogits() {
    float[][] right = evaluate(new float[] {100, -100}, new float[] {1, 0});
    assertEquals(0f, right[0][0], 1e-30f);
    assertArrayEquals(new float[] {0f, 0f}, right[1], 1e-30f);
    float[][] wrong = evaluate(new float[] {100, -100}, new float[] {0, 1});
    assertEquals(100f, wrong[0][0], 0f);
    assertArrayEquals(new float[] {0.5f, -0.5f}, wrong[1], 0f);
    for (float[] row : wrong) {
      for (float v : row) {
        assertTrue(Float.isFinite(v), "finite, not " + v);
      }
    }
  }

  @Test
  void shapesMustAgree() {
    Graph g = new Graph();
    Node z = g.placeholder("z", 2, 3);
    Node t = g.placeholder("t", 3, 2);
    var e = assertThrows(ShapeException.class, () -> sigmoidCrossEntropy(z, t));
    assertEquals("sigmoid_cross_entropy 'sigmoid_cross_entropy': logits f32[2,3] and targets"
        + " f32[3,2] must have one shape: one target probability per logit (inputs: 'z'"
        + " f32[2,3], 't' f32[3,2])", e.getMessage());
    assertEquals(Shape.scalar(),
        sigmoidCrossEntropy(g.placeholder("u", -1, 3), g.placeholder("v", 4, -1)).shape());
  }

  @Test
  void targetsMustBeProbabilities() {
    var e = assertThrows(GraphRunException.class,
        () -> evaluate(new float[] {0, 1}, new float[] {0.5f, 1.5f}));
    assertTrue(e.getMessage().contains("target 1 is 1.5; targets are probabilities in [0, 1]"
        + " (for class indices use softmax_cross_entropy)"), e.getMessage());
  }
}
