package io.nabla.testing.gradcheck;

import static io.nabla.ops.Ops.*;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.testing.GradientCheck;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.Ops;
import io.nabla.ops.loss.SigmoidCrossEntropy;
import io.nabla.ops.math.Elu;
import io.nabla.ops.math.LeakyRelu;
import io.nabla.ops.math.NormalCdf;
import io.nabla.ops.math.Softplus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/** Gradient-check cases of the activation ops. */
final class ActivationCases {
  private static final long[] SEEDS = {1, 2, 3};
  private static final Shape SMALL = Shape.of(3, 4);
  /** Checked along random directions rather than element by element. */
  private static final Shape LARGE = Shape.of(5, 20);

  private ActivationCases() {}

  static List<GradCase> all() {
    List<GradCase> cases = new ArrayList<>();
    for (long seed : SEEDS) {
      for (float alpha : new float[] {0.1f, 0.3f}) {
        cases.add(unary(new LeakyRelu(alpha), SMALL, seed));
        cases.add(secondOrder(LeakyRelu.class, "leaky_relu alpha=" + alpha,
            x -> leakyRelu(x, alpha), SMALL, seed));
      }
      for (float alpha : new float[] {1f, 0.5f}) {
        cases.add(unary(new Elu(alpha), SMALL, seed));
        cases.add(secondOrder(Elu.class, "elu alpha=" + alpha, x -> elu(x, alpha), SMALL, seed));
      }
      cases.add(unary(new Softplus(), SMALL, seed));
      cases.add(secondOrder(Softplus.class, "softplus", Ops::softplus, SMALL, seed));
      cases.add(unary(new NormalCdf(), SMALL, seed));
      cases.add(secondOrder(NormalCdf.class, "normal_cdf", Ops::normalCdf, SMALL, seed));
      cases.add(composite(NormalCdf.class, "gelu", Ops::gelu, SMALL, seed));
      cases.add(secondOrder(NormalCdf.class, "gelu", Ops::gelu, SMALL, seed));
      cases.add(sigmoidCrossEntropyCase(SMALL, seed));
    }
    cases.add(unary(new Elu(1f), LARGE, 4));
    cases.add(unary(new Softplus(), LARGE, 4));
    cases.add(unary(new NormalCdf(), LARGE, 4));
    cases.add(sigmoidCrossEntropyCase(LARGE, 4));
    return cases;
  }

  private static GradCase unary(Op op, Shape shape, long seed) {
    String attributes = op.attributes().isEmpty() ? "" : " " + op.attributes();
    return new GradCase(op.getClass(), op.type() + attributes + " " + shape.describe()
        + " seed " + seed,
        () -> GradientCheck.ofOp(op, awayFromZero(shape, seed)).seed(seed));
  }

  /** A builder made of several ops, checked as a whole. */
  private static GradCase composite(Class<? extends Op> op, String what,
      UnaryOperator<Node> build, Shape shape, long seed) {
    return new GradCase(op, what + " " + shape.describe() + " seed " + seed, () -> {
      Graph g = new Graph();
      Node x = g.placeholder("x", shape);
      return GradientCheck.of(build.apply(x)).wrt(x, awayFromZero(shape, seed)).seed(seed);
    });
  }

  /**
   * The gradient of {@code sum(f(x))} differentiated again: checks that the gradient formula is
   * built from differentiable ops and gives the right second derivative.
   */
  private static GradCase secondOrder(Class<? extends Op> op, String what,
      UnaryOperator<Node> build, Shape shape, long seed) {
    return new GradCase(op, "second order of " + what + " " + shape.describe() + " seed " + seed,
        () -> {
          Graph g = new Graph();
          Node x = g.placeholder("x", shape);
          Node dx = Autodiff.gradients(sum(build.apply(x)), x).get(0);
          return GradientCheck.of(dx).wrt(x, awayFromZero(shape, seed)).seed(seed);
        });
  }

  private static GradCase sigmoidCrossEntropyCase(Shape shape, long seed) {
    Random random = new Random(seed);
    Tensor logits = Tensor.fromFunction(shape, i -> 3 * random.nextGaussian());
    Tensor targets = Tensor.fromFunction(shape, i -> 0.1 + 0.8 * random.nextDouble());
    return new GradCase(SigmoidCrossEntropy.class, "sigmoid_cross_entropy "
        + shape.describe() + " seed " + seed,
        () -> GradientCheck.ofOp(new SigmoidCrossEntropy(), logits, targets).seed(seed));
  }

  /** Values in ±[0.1, 3], away from the kink of leaky ReLU and ELU at 0. */
  static Tensor awayFromZero(Shape shape, long seed) {
    Random random = new Random(seed);
    return Tensor.fromFunction(shape, i -> (random.nextBoolean() ? 1 : -1)
        * (0.1 + 2.9 * random.nextDouble()));
  }
}
