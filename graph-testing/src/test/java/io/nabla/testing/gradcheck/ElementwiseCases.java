package io.nabla.testing.gradcheck;

import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.pow;

import io.nabla.testing.GradientCheck;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.math.Abs;
import io.nabla.ops.math.Add;
import io.nabla.ops.math.Div;
import io.nabla.ops.math.Exp;
import io.nabla.ops.math.Log;
import io.nabla.ops.math.Mul;
import io.nabla.ops.math.Neg;
import io.nabla.ops.math.Pow;
import io.nabla.ops.math.Relu;
import io.nabla.ops.math.ReluGrad;
import io.nabla.ops.math.Sigmoid;
import io.nabla.ops.math.Sign;
import io.nabla.ops.math.Sqrt;
import io.nabla.ops.math.Square;
import io.nabla.ops.math.Heaviside;
import io.nabla.ops.math.Sub;
import io.nabla.ops.math.Tanh;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Gradient-check cases of the element-wise ops, on several seeds and, for binary ops, the
 * broadcasting patterns that matter. Inputs are drawn from a {@link Domain} that keeps them away
 * from the op's kinks and singularities. {@code Equal} has none: it is not differentiable.
 */
final class ElementwiseCases {
  private ElementwiseCases() {}

  private static final long[] SEEDS = {1, 2, 3};

  /** Shapes of {@code (a, b)}: equal, trailing vector, outer, scalar, rank-3 against rank-2. */
  private static final int[][][] BROADCASTS = {
      {{3, 4}, {3, 4}},
      {{3, 4}, {4}},
      {{3, 1}, {1, 4}},
      {{}, {2, 3}},
      {{2, 3, 4}, {3, 1}},
  };

  /** Small enough that every element is checked (the default limit is 64). */
  private static final int[] UNARY_SHAPE = {3, 4};

  /** Large enough to be checked along random directions. */
  private static final int[] LARGE_SHAPE = {16, 20};

  /** Where inputs are drawn from. */
  private enum Domain {
    /** Uniform in [-2, 2]. */
    ANY,
    /** |x| in [0.1, 2], either sign: clear of the kink at 0 (relu, heaviside, abs, sign). */
    NONZERO,
    /** Uniform in [0.5, 2]: log, sqrt, a divisor, the base of a power. */
    POSITIVE;

    float draw(Random random) {
      return switch (this) {
        case ANY -> uniform(random, -2, 2);
        case NONZERO -> (random.nextBoolean() ? 1 : -1) * uniform(random, 0.1f, 2);
        case POSITIVE -> uniform(random, 0.5f, 2);
      };
    }

    private static float uniform(Random random, float lo, float hi) {
      return lo + (hi - lo) * random.nextFloat();
    }
  }

  static List<GradCase> all() {
    List<GradCase> cases = new ArrayList<>();
    unary(cases, Neg.class, Neg::new, Domain.ANY);
    unary(cases, Exp.class, Exp::new, Domain.ANY);
    unary(cases, Log.class, Log::new, Domain.POSITIVE);
    unary(cases, Sqrt.class, Sqrt::new, Domain.POSITIVE);
    unary(cases, Square.class, Square::new, Domain.ANY);
    unary(cases, Abs.class, Abs::new, Domain.NONZERO);
    unary(cases, Sign.class, Sign::new, Domain.NONZERO);
    unary(cases, Tanh.class, Tanh::new, Domain.ANY);
    unary(cases, Sigmoid.class, Sigmoid::new, Domain.ANY);
    unary(cases, Relu.class, Relu::new, Domain.NONZERO);
    unary(cases, Heaviside.class, Heaviside::new, Domain.NONZERO);

    binary(cases, Add.class, Add::new, Domain.ANY, Domain.ANY);
    binary(cases, Sub.class, Sub::new, Domain.ANY, Domain.ANY);
    binary(cases, Mul.class, Mul::new, Domain.ANY, Domain.ANY);
    binary(cases, Div.class, Div::new, Domain.ANY, Domain.POSITIVE);
    binary(cases, Pow.class, Pow::new, Domain.POSITIVE, Domain.ANY);

    // one input feeding both sides: the two contributions must be summed
    for (long seed : SEEDS) {
      cases.add(new GradCase(Mul.class, "x·x, x[3,4], seed " + seed, () -> {
        Graph g = new Graph();
        Node x = g.placeholder("x", 3, 4);
        return GradientCheck.of(mul(x, x)).wrt(x, random(seed, Domain.ANY, 3, 4)).seed(seed);
      }));
      // the usual use of pow: a constant exponent, only the base is differentiated
      cases.add(new GradCase(Pow.class, "x^3, x[3,4] positive, seed " + seed, () -> {
        Graph g = new Graph();
        Node x = g.placeholder("x", 3, 4);
        return GradientCheck.of(pow(x, 3f)).wrt(x, random(seed, Domain.POSITIVE, 3, 4))
            .seed(seed);
      }));
    }

    // the fused ReLU gradient: linear in dy, zero derivative in x away from 0
    for (long seed : SEEDS) {
      cases.add(new GradCase(ReluGrad.class, "dy[3,4] x[3,4] nonzero, seed " + seed,
          () -> GradientCheck.ofOp(new ReluGrad(), random(seed, Domain.ANY, 3, 4),
              random(seed + 100, Domain.NONZERO, 3, 4)).seed(seed)));
    }

    // larger than the element limit: checked along random directions
    cases.add(new GradCase(Tanh.class, "x" + shape(LARGE_SHAPE) + ", random directions",
        () -> GradientCheck.ofOp(new Tanh(), random(7, Domain.ANY, LARGE_SHAPE)).seed(7)));
    cases.add(new GradCase(Mul.class, "a" + shape(LARGE_SHAPE) + " b[20], random directions",
        () -> GradientCheck.ofOp(new Mul(), random(8, Domain.ANY, LARGE_SHAPE),
            random(9, Domain.ANY, 20)).seed(8)));
    return cases;
  }

  private static void unary(List<GradCase> cases, Class<? extends Op> type, Supplier<Op> op,
      Domain domain) {
    for (long seed : SEEDS) {
      cases.add(new GradCase(type,
          "x" + shape(UNARY_SHAPE) + " " + domain.name().toLowerCase() + ", seed " + seed,
          () -> GradientCheck.ofOp(op.get(), random(seed, domain, UNARY_SHAPE)).seed(seed)));
    }
  }

  private static void binary(List<GradCase> cases, Class<? extends Op> type, Supplier<Op> op,
      Domain domainA, Domain domainB) {
    for (int[][] shapes : BROADCASTS) {
      for (long seed : SEEDS) {
        cases.add(new GradCase(type,
            "a" + shape(shapes[0]) + " " + domainA.name().toLowerCase()
                + ", b" + shape(shapes[1]) + " " + domainB.name().toLowerCase()
                + ", seed " + seed,
            () -> GradientCheck.ofOp(op.get(), random(seed, domainA, shapes[0]),
                random(seed + 1000, domainB, shapes[1])).seed(seed)));
      }
    }
  }

  private static Tensor random(long seed, Domain domain, int... dims) {
    Random random = new Random(seed);
    return Tensor.fromFunction(Shape.of(dims), i -> domain.draw(random));
  }

  private static String shape(int[] dims) {
    return Arrays.toString(dims).replace(" ", "");
  }
}
