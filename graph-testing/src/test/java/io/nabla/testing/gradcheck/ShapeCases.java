package io.nabla.testing.gradcheck;

import io.nabla.testing.GradientCheck;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.Ops;
import io.nabla.ops.loss.SameShape;
import io.nabla.ops.math.MatMul;
import io.nabla.ops.math.Max;
import io.nabla.ops.math.Mean;
import io.nabla.ops.math.Reshape;
import io.nabla.ops.math.ReshapeLike;
import io.nabla.ops.math.Sum;
import io.nabla.ops.math.Transpose;
import io.nabla.ops.math.Unsqueeze;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** Gradient-check cases of the shape ops: products, permutations, reshapes and reductions. */
final class ShapeCases {
  private static final long[] SEEDS = {1, 2, 3};

  /** Axes of a {@code [2,3,4]} input to reduce over; empty means all. */
  private static final int[][] REDUCED_AXES = {{0}, {1}, {2}, {-1}, {0, 2}, {-1, -3}, {1, 2},
      {0, 1, 2}, {}};

  private ShapeCases() {}

  static List<GradCase> all() {
    List<GradCase> cases = new ArrayList<>();
    matmul(cases);
    transpose(cases);
    reshape(cases);
    reductions(cases);
    unknownBatch(cases);
    return cases;
  }

  private static void matmul(List<GradCase> cases) {
    for (long seed : SEEDS) {
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          // [m,k]·[k,n] with m=3, k=4, n=5, each operand stored transposed when asked
          int[] a2 = ta ? new int[] {4, 3} : new int[] {3, 4};
          int[] b2 = tb ? new int[] {5, 4} : new int[] {4, 5};
          int[] a3 = ta ? new int[] {2, 4, 3} : new int[] {2, 3, 4};
          int[] b3 = tb ? new int[] {2, 5, 4} : new int[] {2, 4, 5};
          String flags = " ta=" + ta + " tb=" + tb + " seed " + seed;
          add(cases, MatMul.class, "2-D " + describe(a2) + "·" + describe(b2) + flags, seed,
              () -> new MatMul(ta, tb), a2, b2);
          add(cases, MatMul.class, "batched " + describe(a3) + "·" + describe(b3) + flags, seed,
              () -> new MatMul(ta, tb), a3, b3);
          add(cases, MatMul.class, "3-D·2-D " + describe(a3) + "·" + describe(b2) + flags,
              seed, () -> new MatMul(ta, tb), a3, b2);
          add(cases, MatMul.class, "2-D·3-D " + describe(a2) + "·" + describe(b3) + flags,
              seed, () -> new MatMul(ta, tb), a2, b3);
        }
      }
    }
    // large enough that the checker probes random directions instead of every element
    for (long seed : SEEDS) {
      add(cases, MatMul.class, "large [32,40]·[40,24] seed " + seed, seed,
          () -> new MatMul(false, false), new int[] {32, 40}, new int[] {40, 24});
    }
    add(cases, MatMul.class, "large [40,32]ᵀ·[24,40]ᵀ seed 4", 4,
        () -> new MatMul(true, true), new int[] {40, 32}, new int[] {24, 40});
  }

  private static void transpose(List<GradCase> cases) {
    for (long seed : SEEDS) {
      add(cases, Transpose.class, "[3,5] perm [1,0] seed " + seed, seed,
          () -> new Transpose(1, 0), new int[] {3, 5});
      add(cases, Transpose.class, "[2,3,4] perm [2,0,1] seed " + seed, seed,
          () -> new Transpose(2, 0, 1), new int[] {2, 3, 4});
      add(cases, Transpose.class, "[2,3,4] perm [1,2,0] seed " + seed, seed,
          () -> new Transpose(1, 2, 0), new int[] {2, 3, 4});
      add(cases, Transpose.class, "[2,3,4] perm [0,2,1] seed " + seed, seed,
          () -> new Transpose(0, 2, 1), new int[] {2, 3, 4});
    }
  }

  private static void reshape(List<GradCase> cases) {
    int[][] targets = {{4, -1}, {-1}, {6, 4}, {2, -1, 2}, {1, 24, 1}};
    for (long seed : SEEDS) {
      for (int[] target : targets) {
        add(cases, Reshape.class, "[2,3,4] to " + Arrays.toString(target) + " seed " + seed,
            seed, () -> new Reshape(target), new int[] {2, 3, 4});
      }
      add(cases, ReshapeLike.class, "[2,6] like [3,4] seed " + seed, seed, ReshapeLike::new,
          new int[] {2, 6}, new int[] {3, 4});
      add(cases, ReshapeLike.class, "[2,3,4] like [24] seed " + seed, seed, ReshapeLike::new,
          new int[] {2, 3, 4}, new int[] {24});
      add(cases, SameShape.class, "[3,4] as [3,4] seed " + seed, seed,
          () -> new SameShape("a test pair"), new int[] {3, 4}, new int[] {3, 4});
      int[][] unsqueezed = {{0}, {-1}, {1, 3}, {0, -1}};
      for (int[] axes : unsqueezed) {
        add(cases, Unsqueeze.class, "[3,4] axes " + Arrays.toString(axes) + " seed " + seed,
            seed, () -> new Unsqueeze(axes), new int[] {3, 4});
      }
    }
  }

  private static void reductions(List<GradCase> cases) {
    int[] shape = {2, 3, 4};
    for (long seed : SEEDS) {
      for (int[] axes : REDUCED_AXES) {
        for (boolean keep : new boolean[] {false, true}) {
          String name = "[2,3,4] axes " + (axes.length == 0 ? "all" : Arrays.toString(axes))
              + " keepDims=" + keep + " seed " + seed;
          add(cases, Sum.class, name, seed, () -> new Sum(keep, axes), shape);
          add(cases, Mean.class, name, seed, () -> new Mean(keep, axes), shape);
          cases.add(new GradCase(Max.class, name, () -> GradientCheck.ofOp(new Max(keep, axes),
              distinct(seed, Shape.of(shape))).seed(seed)));
        }
      }
      add(cases, Sum.class, "[5] to a scalar seed " + seed, seed, () -> new Sum(false),
          new int[] {5});
      add(cases, Mean.class, "[5] to a scalar seed " + seed, seed, () -> new Mean(false),
          new int[] {5});
      cases.add(new GradCase(Max.class, "[4,6] axis -1 keepDims=false seed " + seed,
          () -> GradientCheck.ofOp(new Max(false, -1), distinct(seed, Shape.of(4, 6)))
              .seed(seed)));
    }
  }

  /**
   * Ops on a placeholder whose batch is unknown while the graph is built, so that the gradient
   * takes its shapes at run time ({@code reshape_like}, {@code broadcast_like}, {@code count}).
   */
  private static void unknownBatch(List<GradCase> cases) {
    for (long seed : SEEDS) {
      cases.add(new GradCase(MatMul.class, "[?,4]·[4,5] fed [3,4] seed " + seed,
          () -> onUnknownBatch(seed, x -> Ops.matmul(x, x.graph().constant(
              gaussian(new Random(seed + 10), Shape.of(4, 5)))))));
      cases.add(new GradCase(MatMul.class, "[?,3,4]·[4,5] fed [2,3,4] seed " + seed, () -> {
        Graph g = new Graph();
        Node x = g.placeholder("x", -1, 3, 4);
        Node w = g.constant("w", gaussian(new Random(seed + 10), Shape.of(4, 5)));
        return GradientCheck.of(Ops.matmul(x, w))
            .wrt(x, gaussian(new Random(seed), Shape.of(2, 3, 4))).seed(seed);
      }));
      cases.add(new GradCase(Reshape.class, "[?,4] to [-1] fed [3,4] seed " + seed,
          () -> onUnknownBatch(seed, x -> Ops.reshape(x, -1))));
      cases.add(new GradCase(Mean.class, "[?,4] axis 0 fed [3,4] seed " + seed,
          () -> onUnknownBatch(seed, x -> Ops.mean(x, false, 0))));
      cases.add(new GradCase(Mean.class, "[?,4] all fed [3,4] seed " + seed,
          () -> onUnknownBatch(seed, x -> Ops.mean(x))));
      cases.add(new GradCase(Sum.class, "[?,4] axis 0 keepDims fed [3,4] seed " + seed,
          () -> onUnknownBatch(seed, x -> Ops.sum(x, true, 0))));
      cases.add(new GradCase(Max.class, "[?,4] axis -1 fed [3,4] seed " + seed, () -> {
        Graph g = new Graph();
        Node x = g.placeholder("x", -1, 4);
        return GradientCheck.of(Ops.max(x, false, -1)).wrt(x, distinct(seed, Shape.of(3, 4)))
            .seed(seed);
      }));
    }
  }

  /** {@code f} of a placeholder {@code [?,4]}, checked at a Gaussian {@code [3,4]}. */
  private static GradientCheck onUnknownBatch(long seed, UnaryOperator<Node> f) {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1, 4);
    return GradientCheck.of(f.apply(x)).wrt(x, gaussian(new Random(seed), Shape.of(3, 4)))
        .seed(seed);
  }

  /** A case applying a fresh op to Gaussian inputs of the given shapes. */
  private static void add(List<GradCase> cases, Class<? extends Op> type, String name, long seed,
      Supplier<Op> op, int[]... shapes) {
    cases.add(new GradCase(type, name, () -> {
      Random random = new Random(seed);
      Tensor[] inputs = new Tensor[shapes.length];
      for (int i = 0; i < shapes.length; i++) {
        inputs[i] = gaussian(random, Shape.of(shapes[i]));
      }
      return GradientCheck.ofOp(op.get(), inputs).seed(seed);
    }));
  }

  private static Tensor gaussian(Random random, Shape shape) {
    return Tensor.fromFunction(shape, i -> random.nextGaussian());
  }

  /**
   * A random permutation of values 0.2 apart, centred on 0: no ties, and no finite-difference
   * step (1e-2 · max(1, |x|), below 0.1 here) can make two of them swap places.
   */
  private static Tensor distinct(long seed, Shape shape) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < shape.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    float centre = (shape.size() - 1) / 2f;
    return Tensor.fromFunction(shape, i -> 0.2 * (order.get(i) - centre));
  }

  private static String describe(int[] dims) {
    return Arrays.toString(dims).replace(" ", "");
  }
}
