package io.nabla.ops.nn;

import static io.nabla.ops.NnOps.batchNorm;
import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.square;
import static io.nabla.ops.Ops.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.GraphRunException;
import io.nabla.core.exec.Parallel;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The fused batch-norm ops against their composite definition ({@link BatchNormReference}, the
 * element-wise formulation batch norm had before it was fused) and against numbers computed
 * here in double precision: values, first and second derivatives, numerical accuracy far from
 * zero, independence from the thread count, and the errors.
 */
class BatchNormFusedTest {
  private static final float EPS = 1e-5f;

  /** One batch norm built twice on the same inputs: fused, and from the reference composite. */
  private static final class Twins {
    final Graph g = new Graph();
    final Node x;
    final Node gamma;
    final Node beta;
    final List<Node> fused;
    final List<Node> reference;

    Twins(int... dims) {
      Random r = new Random(7);
      int c = dims[1];
      x = g.placeholder("x", Shape.of(dims));
      gamma = g.variable("gamma", Tensor.fromFunction(Shape.of(c), i -> 0.5 + r.nextDouble()));
      beta = g.variable("beta", Tensor.fromFunction(Shape.of(c), i -> r.nextGaussian()));
      Node mean = g.constant("mean", Tensor.fromFunction(Shape.of(c), i -> r.nextGaussian()));
      Node var = g.constant("var", Tensor.fromFunction(Shape.of(c), i -> 0.5 + r.nextDouble()));
      Node w = g.constant("w", Tensor.fromFunction(Shape.of(dims), i -> r.nextGaussian()));
      Node v = g.constant("v", Tensor.fromFunction(Shape.of(dims), i -> r.nextGaussian()));
      fused = derivatives(batchNorm(x, gamma, beta, mean, var, EPS).output(), w, v);
      reference = derivatives(BatchNormReference.batchNorm(x, gamma, beta, mean, var, EPS), w, v);
    }

    /** y; dx, dgamma, dbeta of sum(w · y²); d/dx and d/dgamma of sum(v · dx). */
    private List<Node> derivatives(Node y, Node w, Node v) {
      List<Node> out = new ArrayList<>(List.of(y));
      out.addAll(Autodiff.gradients(sum(mul(square(y), w)), x, gamma, beta));
      out.addAll(Autodiff.gradients(sum(mul(out.get(1), v)), x, gamma));
      return out;
    }
  }

  @ParameterizedTest(name = "training {0}")
  @ValueSource(booleans = {true, false})
  void fusedOpsAgreeWithTheCompositeDefinitionUpToSecondDerivatives(boolean training) {
    String[] what = {"y", "dx", "dgamma", "dbeta", "d(dx·v)/dx", "d(dx·v)/dgamma"};
    for (int[] dims : new int[][] {{4, 3, 5, 5}, {6, 5}}) {
      Twins t = new Twins(dims);
      Random r = new Random(11);
      Tensor input = Tensor.fromFunction(Shape.of(dims), i -> 2 + 3 * r.nextGaussian());
      List<Node> fetches = new ArrayList<>(t.fused);
      fetches.addAll(t.reference);
      Results res = new Session(t.g).run(Map.of(t.x, input),
          training ? RunOptions.forTraining() : RunOptions.forInference(),
          fetches.toArray(Node[]::new));
      for (int k = 0; k < what.length; k++) {
        Tensor fused = res.get(t.fused.get(k));
        Tensor reference = res.get(t.reference.get(k));
        assertEquals(reference.shape(), fused.shape(), what[k]);
        float scale = 1e-3f;
        for (int i = 0; i < reference.size(); i++) {
          scale = Math.max(scale, Math.abs(reference.get(i)));
        }
        assertTrue(fused.allClose(reference, 2e-4f * scale), what[k] + " of "
            + Shape.of(dims) + ": fused " + fused + " vs composite " + reference);
      }
    }
  }

  @Test
  void valuesAndGradientsMatchNumbersComputedByHand() {
    // one channel of 2 images × 2 pixels, x = 1 3 5 7: mean 4, biased variance 5
    Graph g = new Graph();
    Node x = g.placeholder("x", 2, 1, 1, 2);
    Node gamma = g.variable("gamma", Tensor.vector(2f));
    Node beta = g.variable("beta", Tensor.vector(0.5f));
    Node zero = g.constant("zero", Tensor.vector(0f));
    BatchNormNodes bn = batchNorm(x, gamma, beta, zero, zero, EPS);
    Node w = g.constant("w", Tensor.of(new float[] {1, 0, 0, -2}, 2, 1, 1, 2));
    List<Node> grads = Autodiff.gradients(sum(mul(bn.output(), w)), x, gamma, beta);
    Results r = new Session(g).run(Map.of(x, Tensor.of(new float[] {1, 3, 5, 7}, 2, 1, 1, 2)),
        RunOptions.forTraining(), bn.output(), bn.batchMean(), bn.batchVariance(), grads.get(0),
        grads.get(1), grads.get(2));
    double invStd = 1 / Math.sqrt(5 + EPS);
    double[] xhat = {-3 * invStd, -invStd, invStd, 3 * invStd};
    double[] dy = {1, 0, 0, -2};
    double sumDy = -1;
    double sumDyXhat = xhat[0] - 2 * xhat[3];
    assertEquals(4f, r.get(bn.batchMean()).get(0), 1e-6f);
    assertEquals(5f, r.get(bn.batchVariance()).get(0), 1e-6f);
    for (int i = 0; i < 4; i++) {
      assertEquals(2 * xhat[i] + 0.5, r.get(bn.output()).get(i), 1e-5, "y" + i);
      // dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂))
      double dx = 2 * invStd * (dy[i] - sumDy / 4 - xhat[i] * sumDyXhat / 4);
      assertEquals(dx, r.get(grads.get(0)).get(i), 1e-5, "dx" + i);
    }
    assertEquals(sumDyXhat, r.get(grads.get(1)).get(0), 1e-5, "dgamma");
    assertEquals(sumDy, r.get(grads.get(2)).get(0), 1e-6, "dbeta");
  }

  @Test
  void varianceStaysAccurateFarFromZero() {
    // values 1000 + N(0, 0.05²): Σx²/m − mean² in float would lose every digit of the variance
    Random r = new Random(5);
    Tensor x = Tensor.fromFunction(Shape.of(64, 2, 8, 8), i -> 1000 + 0.05 * r.nextGaussian());
    Graph g = new Graph();
    Node in = g.placeholder("in", 64, 2, 8, 8);
    Node zeros = g.constant("zeros", Tensor.zeros(2));
    Node stats = g.apply(new BatchStats(), in, zeros, zeros);
    Tensor got = new Session(g).run(Map.of(in, x), RunOptions.forTraining(), stats).get(stats);
    for (int c = 0; c < 2; c++) {
      double mean = 0;
      for (int n = 0; n < 64; n++) {
        for (int i = 0; i < 64; i++) {
          mean += x.at(n, c, i / 8, i % 8);
        }
      }
      mean /= 4096;
      double var = 0;
      for (int n = 0; n < 64; n++) {
        for (int i = 0; i < 64; i++) {
          var += Math.pow(x.at(n, c, i / 8, i % 8) - mean, 2);
        }
      }
      var /= 4096;
      assertEquals(mean, got.at(0, c), 1e-4, "mean of channel " + c);
      assertEquals(var, got.at(1, c), 1e-3 * var, "variance of channel " + c);
    }
  }

  @Test
  void resultsDoNotDependOnTheThreadCount() {
    int threads = Parallel.threads();
    try {
      Twins t = new Twins(8, 4, 32, 32);
      Random r = new Random(3);
      Tensor input = Tensor.fromFunction(Shape.of(8, 4, 32, 32), i -> r.nextGaussian());
      Node[] fetches = t.fused.subList(0, 4).toArray(Node[]::new);
      List<Tensor> runs = new ArrayList<>();
      for (int n : new int[] {1, 2, 3}) {
        Parallel.setThreads(n);
        Results res = new Session(t.g).run(Map.of(t.x, input), RunOptions.forTraining(),
            fetches);
        for (Node f : fetches) {
          runs.add(res.get(f).copy());
        }
      }
      for (int i = 0; i < fetches.length; i++) {
        assertEquals(runs.get(i), runs.get(fetches.length + i), "2 threads, " + fetches[i]);
        assertEquals(runs.get(i), runs.get(2 * fetches.length + i), "3 threads, " + fetches[i]);
      }
    } finally {
      Parallel.setThreads(threads);
    }
  }

  @Test
  void shapeErrorsNameTheOpTheNodeAndTheExpectedShape() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 3, 4, 4);
    Node three = g.constant("three", Tensor.zeros(3));
    Node four = g.constant("four", Tensor.zeros(4));
    ShapeException e = assertThrows(ShapeException.class,
        () -> batchNorm(x, four, three, three, three, EPS));
    assertTrue(e.getMessage().startsWith("batch_normalize 'batch_norm/batch_normalize': gamma"
        + " must be [3], one value per channel of x, not f32[4]"), e.getMessage());
    e = assertThrows(ShapeException.class, () -> batchNorm(x, three, three, four, three, EPS));
    assertTrue(e.getMessage().contains("the running mean must be [3]"), e.getMessage());
  }

  @Test
  void anEmptyBatchHasNoStatisticsButRunsInInference() {
    Graph g = new Graph();
    // a constant: a placeholder fed an empty batch is refused before any op runs
    Node x = g.constant("x", Tensor.zeros(0, 2));
    Node ones = g.constant("ones", Tensor.filled(Shape.of(2), 1f));
    Node y = batchNorm(x, ones, ones, ones, ones, EPS).output();
    Map<Node, Tensor> empty = Map.of();
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> new Session(g).run(empty, RunOptions.forTraining(), y));
    assertTrue(e.getMessage().contains("batch_norm/batch_stats")
        && e.getMessage().contains("the batch statistics of an empty batch f32[0,2] are"
        + " undefined"), e.getMessage());
    assertEquals(Shape.of(0, 2), new Session(g).run(empty, y).get(y).shape());
  }

  @Test
  void theGradientRefusesStatisticsThatAreNotThoseOfX() {
    Graph g = new Graph();
    Node x = g.placeholder("x", 4, 2);
    Node ones = g.constant("ones", Tensor.filled(Shape.of(2), 1f));
    Node stats = g.constant("stats", Tensor.filled(Shape.of(2, 2), 1f));
    Node y = g.apply(new BatchNormalize(EPS), x, stats, ones, ones);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Autodiff.gradients(sum(y), x));
    assertTrue(e.getMessage().contains("its statistics 'stats' are not the batch_stats of its"
        + " input 'x'"), e.getMessage());
  }
}
