package io.nabla.testing.gradcheck;

import io.nabla.testing.GradientCheck;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.nn.AvgPool2d;
import io.nabla.ops.nn.AvgPool2dGrad;
import io.nabla.ops.nn.MaxPool2d;
import io.nabla.ops.nn.MaxPool2dGrad;
import io.nabla.ops.nn.MaxPool2dReluGrad;
import io.nabla.ops.nn.MaxPool2dSelect;
import io.nabla.ops.nn.Padding;
import io.nabla.ops.nn.Window2d;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Gradient-check cases of the pooling ops. */
final class PoolingCases {
  private PoolingCases() {}

  /** Spacing of the distinct values fed to max pooling: far wider than any difference step. */
  private static final double SPACING = 0.1;

  /** A shape, a window and a seed; each case below runs over several of them. */
  private record Geometry(int[] dims, Window2d window, long seed) {
    Shape shape() {
      return Shape.of(dims);
    }

    String label() {
      return shape() + " " + window.attributes() + " seed " + seed;
    }
  }

  private static Geometry geometry(long seed, Window2d window, int... dims) {
    return new Geometry(dims, window, seed);
  }

  /** Small inputs (checked element by element) and larger ones (checked along directions). */
  private static final List<Geometry> GEOMETRIES = List.of(
      geometry(1, Window2d.of(2, 2, Padding.valid()), 1, 1, 4, 4),
      geometry(2, Window2d.of(3, 1, Padding.valid()), 2, 2, 4, 4),       // overlapping
      geometry(3, Window2d.of(3, 2, Padding.same()), 1, 2, 5, 5),
      geometry(4, new Window2d(2, 3, 3, 2, 1, 1, Padding.valid()), 1, 1, 7, 7),  // gaps
      geometry(5, Window2d.of(2, 2, Padding.of(1)), 2, 3, 6, 6),         // directions
      geometry(6, Window2d.of(3, 1, Padding.same()), 2, 3, 5, 5));       // directions

  static List<GradCase> all() {
    List<GradCase> cases = new ArrayList<>();
    for (Geometry g : GEOMETRIES) {
      Window2d w = g.window();
      Shape in = g.shape();
      Shape out = pooledShape(w, in);
      cases.add(new GradCase(MaxPool2d.class, g.label(), () -> maxCheck(
          GradientCheck.ofOp(new MaxPool2d(w), distinct(in, g.seed())), in)));
      cases.add(new GradCase(MaxPool2dGrad.class, "wrt dy, " + g.label(), () ->
          GradientCheck.ofOp(new MaxPool2dGrad(w), distinct(in, g.seed()),
              gaussian(out, g.seed() + 100))));
      cases.add(new GradCase(MaxPool2dReluGrad.class, "wrt dy, " + g.label(), () ->
          GradientCheck.ofOp(new MaxPool2dReluGrad(w), distinct(in, g.seed()),
              gaussian(out, g.seed() + 500))));
      cases.add(new GradCase(MaxPool2dSelect.class, "wrt g, " + g.label(), () ->
          GradientCheck.ofOp(new MaxPool2dSelect(w), distinct(in, g.seed()),
              gaussian(in, g.seed() + 200))));
      cases.add(new GradCase(AvgPool2d.class, g.label(), () ->
          GradientCheck.ofOp(new AvgPool2d(w), gaussian(in, g.seed() + 300))));
      cases.add(new GradCase(AvgPool2dGrad.class, "wrt dy, " + g.label(), () ->
          GradientCheck.ofOp(new AvgPool2dGrad(w), gaussian(out, g.seed() + 400),
              Tensor.zeros(in))));
    }
    return cases;
  }

  /**
   * Max pooling has a kink wherever two values of a window tie. The inputs are spaced
   * {@link #SPACING} apart, and the checker's step is relative to the largest |x| (about
   * {@code n·SPACING/2}), so on large inputs the step is scaled down to keep every element's
   * move below a quarter of the spacing: no two values can swap order.
   */
  private static GradientCheck maxCheck(GradientCheck check, Shape in) {
    double largest = in.size() * SPACING / 2;
    return check.step(Math.min(1e-2, SPACING / 4 / largest));
  }

  /** A random permutation of {@code 0, 0.1, 0.2, …}, centred on 0: no ties, no near-ties. */
  private static Tensor distinct(Shape shape, long seed) {
    int n = shape.size();
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    Random r = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return Tensor.fromFunction(shape, i -> (perm[i] - (n - 1) / 2.0) * SPACING);
  }

  private static Tensor gaussian(Shape shape, long seed) {
    Random r = new Random(seed);
    return Tensor.fromFunction(shape, i -> r.nextGaussian());
  }

  /** The pooled shape, through the op's own shape rule. */
  private static Shape pooledShape(Window2d w, Shape in) {
    return new MaxPool2d(w).outputShape(List.of(in));
  }
}
