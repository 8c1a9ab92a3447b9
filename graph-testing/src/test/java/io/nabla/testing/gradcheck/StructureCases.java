package io.nabla.testing.gradcheck;

import static io.nabla.ops.NnOps.*;
import static io.nabla.ops.Ops.*;

import io.nabla.testing.GradientCheck;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.nn.Concat;
import io.nabla.ops.nn.ConcatGrad;
import io.nabla.ops.nn.Crop;
import io.nabla.ops.nn.DropoutMask;
import io.nabla.ops.nn.Pad;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Gradient-check cases of the structure ops. */
final class StructureCases {
  private static final long[] SEEDS = {1, 2, 3};

  private StructureCases() {}

  static List<GradCase> all() {
    List<GradCase> cases = new ArrayList<>();
    for (long seed : SEEDS) {
      cases.add(padCase(Shape.of(3, 4), new int[] {1, 0}, new int[] {2, 1}, 0f, seed));
      cases.add(padCase(Shape.of(2, 2, 3), new int[] {0, 1, 1}, new int[] {1, 0, 2}, -1.5f,
          seed));
      cases.add(cropCase(Shape.of(4, 5), new int[] {1, 2}, new int[] {0, 1}, seed));
      cases.add(cropCase(Shape.of(2, 3, 4), new int[] {0, 1, 1}, new int[] {1, 0, 1}, seed));
      cases.add(concatCase(1, seed, Shape.of(2, 3), Shape.of(2, 1), Shape.of(2, 2)));
      cases.add(concatCase(0, seed, Shape.of(1, 3), Shape.of(2, 3)));
      cases.add(concatCase(-1, seed, Shape.of(2, 1, 2), Shape.of(2, 1, 3)));
      cases.add(concatCase(0, seed, Shape.of(4)));
      cases.add(sliceCase(Shape.of(3, 6), 1, 2, 5, seed));
      cases.add(dropoutCase(Shape.of(4, 5), 0.5f, seed));
    }
    cases.add(padCase(Shape.of(4, 5, 6), new int[] {1, 1, 1}, new int[] {1, 1, 1}, 0f, 4));
    cases.add(concatCase(2, 4, Shape.of(3, 4, 5), Shape.of(3, 4, 7)));
    cases.add(dropoutCase(Shape.of(10, 20), 0.3f, 4));
    for (long seed : SEEDS) {
      cases.add(concatGradCase(1, 0, seed, Shape.of(2, 3), Shape.of(2, 1), Shape.of(2, 2)));
      cases.add(concatGradCase(-1, 2, seed, Shape.of(2, 1, 2), Shape.of(2, 1, 3),
          Shape.of(2, 1, 1)));
      cases.add(concatUnknownBatchCase(seed));
    }
    return cases;
  }

  private static GradCase padCase(Shape shape, int[] before, int[] after, float value,
      long seed) {
    Pad op = new Pad(before, after, value);
    return new GradCase(Pad.class, "pad " + shape.describe() + " before "
        + Arrays.toString(before) + " after " + Arrays.toString(after) + " value " + value
        + " seed " + seed, () -> GradientCheck.ofOp(op, gaussian(shape, seed)).seed(seed));
  }

  private static GradCase cropCase(Shape shape, int[] before, int[] after, long seed) {
    Crop op = new Crop(before, after);
    return new GradCase(Crop.class, "crop " + shape.describe() + " before "
        + Arrays.toString(before) + " after " + Arrays.toString(after) + " seed " + seed,
        () -> GradientCheck.ofOp(op, gaussian(shape, seed)).seed(seed));
  }

  private static GradCase concatCase(int axis, long seed, Shape... shapes) {
    Tensor[] inputs = new Tensor[shapes.length];
    for (int k = 0; k < shapes.length; k++) {
      inputs[k] = gaussian(shapes[k], seed * 31 + k);
    }
    return new GradCase(Concat.class, "concat axis " + axis + " of " + Arrays.toString(shapes)
        + " seed " + seed, () -> GradientCheck.ofOp(new Concat(axis), inputs).seed(seed));
  }

  /** The stretch of input {@code index} of a concat of {@code shapes}, cut from its gradient. */
  private static GradCase concatGradCase(int axis, int index, long seed, Shape... shapes) {
    int a = shapes[0].normalizeAxis(axis);
    int total = 0;
    Tensor[] inputs = new Tensor[shapes.length + 1];
    for (int k = 0; k < shapes.length; k++) {
      total += shapes[k].dim(a);
      inputs[k + 1] = Tensor.zeros(shapes[k]);    // read for their shapes only
    }
    inputs[0] = gaussian(shapes[0].withDim(a, total), seed);
    return new GradCase(ConcatGrad.class, "concat_grad axis " + axis + " index " + index + " of "
        + Arrays.toString(shapes) + " seed " + seed,
        () -> GradientCheck.ofOp(new ConcatGrad(axis, index), inputs).seed(seed));
  }

  /**
   * A concat along an axis whose sizes are unknown while building (the batch): its gradient
   * finds the stretches at run time. A regression case: this gradient used to throw.
   */
  private static GradCase concatUnknownBatchCase(long seed) {
    return new GradCase(Concat.class, "concat axis 0 of [?,3] fed [2,3] and [1,3] seed " + seed,
        () -> {
          Graph g = new Graph();
          Node a = g.placeholder("a", -1, 3);
          Node b = g.placeholder("b", 1, 3);
          return GradientCheck.of(concat(0, a, b)).wrt(a, gaussian(Shape.of(2, 3), seed))
              .wrt(b, gaussian(Shape.of(1, 3), seed + 1)).seed(seed);
        });
  }

  /** The slice builder: a crop whose amounts come from the axis size. */
  private static GradCase sliceCase(Shape shape, int axis, int start, int end, long seed) {
    return new GradCase(Crop.class, "slice " + shape.describe() + " axis " + axis + " ["
        + start + ", " + end + ") seed " + seed, () -> {
          Graph g = new Graph();
          Node x = g.placeholder("x", shape);
          return GradientCheck.of(slice(x, axis, start, end)).wrt(x, gaussian(shape, seed))
              .seed(seed);
        });
  }

  /**
   * The dropout builder in a training run: every evaluation uses the same seed, so the mask is
   * fixed and the check sees x times a constant mask.
   */
  private static GradCase dropoutCase(Shape shape, float p, long seed) {
    return new GradCase(DropoutMask.class, "dropout p=" + p + " (training) " + shape.describe()
        + " seed " + seed, () -> {
          Graph g = new Graph();
          Node x = g.placeholder("x", shape);
          return GradientCheck.of(dropout(x, p)).wrt(x, gaussian(shape, seed)).training(true)
              .seed(seed);
        });
  }

  private static Tensor gaussian(Shape shape, long seed) {
    Random random = new Random(seed);
    return Tensor.fromFunction(shape, i -> random.nextGaussian());
  }
}
