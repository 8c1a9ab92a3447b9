package io.nabla.testing.gradcheck;

import static io.nabla.ops.NnOps.batchNorm;
import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.square;
import static io.nabla.ops.Ops.sum;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.testing.GradientCheck;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.nn.BatchNormNodes;
import io.nabla.ops.nn.BatchNormalize;
import io.nabla.ops.nn.BatchNormalizeInputGrad;
import io.nabla.ops.nn.BatchNormalizeParamGrad;
import io.nabla.ops.nn.BatchStats;
import io.nabla.ops.nn.TrainingSwitch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Gradient-check cases of batch normalisation, in both modes, for images {@code [N,C,H,W]} and
 * feature vectors {@code [N,F]}: the whole layer, each of its ops alone, the second derivatives
 * (the gradient nodes checked again), and the training switch.
 */
final class NormalizationCases {
  private static final float EPSILON = 1e-3f;
  private static final int[][] SHAPES = {{3, 2, 2, 3}, {5, 4}};

  private NormalizationCases() {}

  static List<GradCase> all() {
    List<GradCase> cases = new ArrayList<>();
    for (long seed : new long[] {1, 2, 3}) {
      for (boolean training : new boolean[] {true, false}) {
        for (int[] dims : SHAPES) {
          String name = Shape.of(dims) + (training ? " training" : " inference") + " seed "
              + seed;
          cases.add(new GradCase(BatchNormalize.class, "batch norm " + name,
              () -> batchNormCheck(dims, training, seed)));
          cases.add(new GradCase(BatchStats.class, "alone " + name,
              () -> opCheck(new BatchStats(), dims, training, seed, "x", "mean", "var")));
          cases.add(new GradCase(BatchNormalizeParamGrad.class, "alone " + name,
              () -> opCheck(new BatchNormalizeParamGrad(EPSILON), dims, training, seed, "x",
                  "stats", "dy")));
          cases.add(new GradCase(BatchNormalizeInputGrad.class, "alone " + name,
              () -> opCheck(new BatchNormalizeInputGrad(EPSILON), dims, training, seed, "x",
                  "stats", "gamma", "dy", "stats")));
          for (int wrt = 0; wrt < 2; wrt++) {
            int which = wrt;
            cases.add(new GradCase(BatchNormalizeInputGrad.class, "second order of "
                + (which == 0 ? "dx " : "dgamma ") + name,
                () -> secondOrderCheck(dims, training, seed, which)));
          }
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

  /** A batch norm of x with gamma and beta to differentiate; running statistics are constants. */
  private static final class Layer {
    final Graph graph = new Graph();
    final Random random;
    final int[] dims;
    final int channels;
    final Node x;
    final Node gamma;
    final Node beta;
    final BatchNormNodes bn;

    Layer(int[] dims, long seed) {
      this.random = new Random(seed);
      this.dims = dims;
      this.channels = dims[1];
      x = graph.placeholder("x", Shape.of(dims));
      gamma = graph.placeholder("gamma", channels);
      beta = graph.placeholder("beta", channels);
      Node mean = graph.constant("running_mean", gaussian(random, channels));
      Node var = graph.constant("running_var", positive(random, channels));
      bn = batchNorm(x, gamma, beta, mean, var, EPSILON);
    }

    GradientCheck check(Node output, boolean training, long seed) {
      return GradientCheck.of(output)
          .wrt(x, gaussian(random, dims))
          .wrt(gamma, positive(random, channels))
          .wrt(beta, gaussian(random, channels))
          .training(training).seed(seed);
    }
  }

  /** Checks x, gamma and beta of a whole batch norm. */
  private static GradientCheck batchNormCheck(int[] dims, boolean training, long seed) {
    Layer layer = new Layer(dims, seed);
    return layer.check(layer.bn.output(), training, seed);
  }

  /**
   * The gradient of {@code sum(w · y²)} (dx when {@code which} is 0, else dgamma), checked
   * against differences of itself: the second derivatives of every batch-norm op. The square
   * makes dy depend on y, so the forward op's gradient is differentiated too.
   */
  private static GradientCheck secondOrderCheck(int[] dims, boolean training, long seed,
      int which) {
    Layer layer = new Layer(dims, seed);
    Node w = layer.graph.constant("w", gaussian(layer.random, dims));
    Node loss = sum(mul(square(layer.bn.output()), w));
    Node grad = Autodiff.gradients(loss, layer.x, layer.gamma).get(which);
    return layer.check(grad, training, seed);
  }

  /**
   * One op alone on random inputs named by {@code roles}: x and dy Gaussian shaped like x;
   * mean Gaussian, var positive, gamma positive ({@code [C]}); stats Gaussian means over
   * positive variances ({@code [2,C]}).
   */
  private static GradientCheck opCheck(Op op, int[] dims, boolean training, long seed,
      String... roles) {
    Random r = new Random(seed);
    int c = dims[1];
    Tensor[] inputs = new Tensor[roles.length];
    for (int i = 0; i < roles.length; i++) {
      inputs[i] = switch (roles[i]) {
        case "x", "dy" -> gaussian(r, dims);
        case "mean" -> gaussian(r, c);
        case "var", "gamma" -> positive(r, c);
        case "stats" -> Tensor.fromFunction(Shape.of(2, c),
            i2 -> i2 < c ? r.nextGaussian() : 0.5 + r.nextDouble());
        default -> throw new IllegalArgumentException(roles[i]);
      };
    }
    return GradientCheck.ofOp(op, inputs).training(training).seed(seed);
  }

  private static Tensor gaussian(Random r, int... dims) {
    return Tensor.fromFunction(Shape.of(dims), i -> r.nextGaussian());
  }

  private static Tensor positive(Random r, int... dims) {
    return Tensor.fromFunction(Shape.of(dims), i -> 0.5 + r.nextDouble());
  }
}
