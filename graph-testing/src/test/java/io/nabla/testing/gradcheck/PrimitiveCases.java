package io.nabla.testing.gradcheck;

import io.nabla.testing.GradientCheck;
import io.nabla.core.graph.Op;
import io.nabla.core.primitive.AddN;
import io.nabla.core.primitive.BroadcastLike;
import io.nabla.core.primitive.Identity;
import io.nabla.core.primitive.SumLike;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/** Gradient-check cases of the primitive (core) ops. */
final class PrimitiveCases {
  private static final long[] SEEDS = {1, 2, 3};

  /** Pairs {x, like} for sum_like: {@code like} broadcasts to {@code x}. */
  private static final int[][][] SUMMED = {
      {{2, 3, 4}, {3, 4}},
      {{2, 3, 4}, {1, 4}},
      {{2, 3, 4}, {2, 1, 4}},
      {{2, 3, 4}, {3, 1}},
      {{2, 3, 4}, {4}},
      {{2, 3, 4}, {}},
      {{2, 3, 4}, {2, 3, 4}},
      {{4, 1, 3}, {4, 1, 1}},
  };

  /** Pairs {x, like} for broadcast_like: {@code x} broadcasts to {@code like}. */
  private static final int[][][] BROADCAST = {
      {{3, 4}, {2, 3, 4}},
      {{1, 4}, {2, 3, 4}},
      {{3, 1}, {2, 3, 4}},
      {{2, 1, 4}, {2, 3, 4}},
      {{4}, {3, 4}},
      {{}, {2, 3}},
      {{3, 4}, {3, 4}},
  };

  private PrimitiveCases() {}

  static List<GradCase> all() {
    List<GradCase> cases = new ArrayList<>();
    for (long seed : SEEDS) {
      add(cases, AddN.class, "3 × [2,3]", seed, AddN::new,
          new int[] {2, 3}, new int[] {2, 3}, new int[] {2, 3});
      add(cases, AddN.class, "1 × [4]", seed, AddN::new, new int[] {4});
      add(cases, Identity.class, "[2,3]", seed, Identity::new, new int[] {2, 3});
      for (int[][] pair : SUMMED) {
        add(cases, SumLike.class, Shape.of(pair[0]) + " like " + Shape.of(pair[1]), seed,
            SumLike::new, pair);
      }
      for (int[][] pair : BROADCAST) {
        add(cases, BroadcastLike.class, Shape.of(pair[0]) + " like " + Shape.of(pair[1]), seed,
            BroadcastLike::new, pair);
      }
    }
    return cases;
  }

  /** A case applying a fresh op to Gaussian inputs of the given shapes. */
  private static void add(List<GradCase> cases, Class<? extends Op> type, String name, long seed,
      Supplier<Op> op, int[]... shapes) {
    cases.add(new GradCase(type, name + " seed " + seed, () -> {
      Random random = new Random(seed);
      Tensor[] inputs = new Tensor[shapes.length];
      for (int i = 0; i < shapes.length; i++) {
        inputs[i] = Tensor.fromFunction(Shape.of(shapes[i]), k -> random.nextGaussian());
      }
      return GradientCheck.ofOp(op.get(), inputs).seed(seed);
    }));
  }
}
