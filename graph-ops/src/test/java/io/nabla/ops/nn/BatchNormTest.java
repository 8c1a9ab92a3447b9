package io.nabla.ops.nn;

import static io.nabla.ops.NnOps.batchNorm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.exec.Results;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNormTest {
  private static final float EPS = 1e-5f;

  private final Graph g = new Graph();
  private final Node x = g.placeholder("x", -1, 2, 3, 3);
  private final Node gamma = g.variable("gamma", Tensor.vector(2f, 0.5f));
  private final Node beta = g.variable("beta", Tensor.vector(1f, -1f));
  private final Node runningMean = g.variable("running_mean", Tensor.vector(0.5f, -2f));
  private final Node runningVar = g.variable("running_var", Tensor.vector(4f, 0.25f));
  private final BatchNormNodes bn = batchNorm(x, gamma, beta, runningMean, runningVar, EPS);
  private final Random random = new Random(3);
  private final Tensor input = Tensor.fromFunction(Shape.of(4, 2, 3, 3),
      i -> random.nextGaussian());

  @Test
  void trainingNormalisesEachChannelWithBatchStatisticsThenScalesAndShifts() {
    Results r = new Session(g).run(Map.of(x, input), RunOptions.forTraining(), bn.output(),
        bn.batchMean(), bn.batchVariance());
    Tensor y = r.get(bn.output());
    float[] gammas = {2f, 0.5f};
    float[] betas = {1f, -1f};
    for (int c = 0; c < 2; c++) {
      double mean = 0;
      double sq = 0;
      double inMean = 0;
      for (int n = 0; n < 4; n++) {
        for (int i = 0; i < 9; i++) {
          mean += y.at(n, c, i / 3, i % 3);
          sq += Math.pow(y.at(n, c, i / 3, i % 3) - betas[c], 2);
          inMean += input.at(n, c, i / 3, i % 3);
        }
      }
      assertEquals(betas[c], mean / 36, 1e-5, "channel " + c + " is shifted to beta");
      assertEquals(gammas[c] * gammas[c], sq / 36, 1e-3, "channel " + c + " is scaled by gamma");
      assertEquals(inMean / 36, r.get(bn.batchMean()).get(c), 1e-5, "exposed batch mean");
    }
    assertEquals(Shape.of(1, 2, 1, 1), r.get(bn.batchVariance()).shape());
  }

  @Test
  void inferenceUsesTheRunningStatistics() {
    Tensor y = new Session(g).run(Map.of(x, input), bn.output()).get(bn.output());
    // channel 1: gamma 0.5, beta -1, running mean -2, running variance 0.25
    float expected = (float) (0.5 * (input.at(2, 1, 1, 2) + 2) / Math.sqrt(0.25 + EPS) - 1);
    assertEquals(expected, y.at(2, 1, 1, 2), 1e-5f);
  }

  @Test
  void trainingAndInferenceOutputsDiffer() {
    Session s = new Session(g);
    Tensor train = s.run(Map.of(x, input), RunOptions.forTraining(), bn.output())
        .get(bn.output());
    Tensor infer = s.run(Map.of(x, input), bn.output()).get(bn.output());
    assertFalse(train.allClose(infer, 1e-2f));
  }

  @Test
  void denominatorIsTheSquareRootOfVariancePlusEpsilon() {
    // the course's slide writes σ² + ε; a constant channel shows the difference: with
    // sqrt(σ² + ε) = sqrt(ε) its centred values stay 0 instead of exploding
    Graph h = new Graph();
    Node in = h.placeholder("in", -1, 1);
    BatchNormNodes b = batchNorm(in, h.constant("g", Tensor.vector(1f)),
        h.constant("b", Tensor.vector(0f)), h.constant("m", Tensor.vector(0f)),
        h.constant("v", Tensor.vector(1f)), 0.01f);
    Tensor y = new Session(h).run(Map.of(in, Tensor.of(new float[] {1, 3}, 2, 1)),
        RunOptions.forTraining(), b.output()).get(b.output());
    // mean 2, variance 1: (1 − 2) / sqrt(1.01)
    assertEquals(-1 / Math.sqrt(1.01), y.get(0), 1e-6);
  }

  @Test
  void worksOnFeatureVectors() {
    Graph h = new Graph();
    Node in = h.placeholder("in", -1, 3);
    Node ones = h.constant("ones", Tensor.filled(Shape.of(3), 1f));
    Node zeros = h.constant("zeros", Tensor.zeros(3));
    BatchNormNodes b = batchNorm(in, ones, zeros, zeros, ones, EPS);
    assertEquals(Shape.of(-1, 3), b.output().shape());
    Tensor y = new Session(h).run(Map.of(in, Tensor.of(new float[] {1, 2, 3, 3, 4, 5}, 2, 3)),
        RunOptions.forTraining(), b.output()).get(b.output());
    assertEquals(-1f, y.get(0), 1e-4f);
    assertEquals(1f, y.get(3), 1e-4f);
  }

  @Test
  void badInputsAreRefusedClearly() {
    Graph h = new Graph();
    Node in = h.placeholder("in", -1, 3, 4);
    Node v = h.constant("v", Tensor.zeros(3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> batchNorm(in, v, v, v, v, EPS));
    assertTrue(e.getMessage().contains("needs [N,C] or [N,C,H,W] input, not f32[?,3,4]"),
        e.getMessage());
    Node ok = h.placeholder("ok", -1, 3);
    IllegalArgumentException eps = assertThrows(IllegalArgumentException.class,
        () -> batchNorm(ok, v, v, v, v, 0f));
    assertEquals("batch norm epsilon must be > 0, not 0.0; it keeps the division finite when a"
        + " variance is 0 (1e-5 is common)", eps.getMessage());
  }
}
