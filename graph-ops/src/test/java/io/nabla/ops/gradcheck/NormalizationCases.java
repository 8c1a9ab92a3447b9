package io.nabla.ops.gradcheck;

import static io.nabla.ops.NnOps.batchNorm;

import io.nabla.core.check.GradientCheck;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.nn.BatchNormNodes;
import io.nabla.ops.nn.TrainingSwitch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Gradient-check cases of batch normalisation (in both modes) and the training switch. */
final class NormalizationCases {
  private NormalizationCases() {}

  static List<GradCase> all() {
    List<GradCase> cases = new ArrayList<>();
    for (long seed : new long[] {1, 2, 3}) {
      for (boolean training : new boolean[] {true, false}) {
        for (int[] dims : new int[][] {{3, 2, 2, 3}, {5, 4}}) {
          String name = "batch norm " + Shape.of(dims) + (training ? " training" : " inference")
              + " seed " + seed;
          cases.add(new GradCase(TrainingSwitch.class, name, () -> batchNormCheck(dims,
              training, seed)));
        }
      }
      cases.add(new GradCase(TrainingSwitch.class, "switch alone seed " + seed, () -> {
        Random r = new Random(seed);
        return GradientCheck.ofOp(new TrainingSwitch(),
            Tensor.fromFunction(Shape.of(2, 3), i -> r.nextGaussian()),
            Tensor.fromFunction(Shape.of(2, 3), i -> r.nextGaussian())).training(seed % 2 == 0);
      }));
    }
    return cases;
  }

  /** Checks x, gamma and beta of a batch norm; running statistics are constants. */
  private static GradientCheck batchNormCheck(int[] dims, boolean training, long seed) {
    Random r = new Random(seed);
    int c = dims[1];
    Graph g = new Graph();
    Node x = g.placeholder("x", Shape.of(dims));
    Node gamma = g.placeholder("gamma", c);
    Node beta = g.placeholder("beta", c);
    Node mean = g.constant("running_mean", Tensor.fromFunction(Shape.of(c), i -> r.nextGaussian()));
    Node var = g.constant("running_var", Tensor.fromFunction(Shape.of(c),
        i -> 0.5 + r.nextDouble()));
    BatchNormNodes bn = batchNorm(x, gamma, beta, mean, var, 1e-3f);
    return GradientCheck.of(bn.output())
        .wrt(x, Tensor.fromFunction(Shape.of(dims), i -> r.nextGaussian()))
        .wrt(gamma, Tensor.fromFunction(Shape.of(c), i -> 0.5 + r.nextDouble()))
        .wrt(beta, Tensor.fromFunction(Shape.of(c), i -> r.nextGaussian()))
        .training(training).seed(seed);
  }
}
