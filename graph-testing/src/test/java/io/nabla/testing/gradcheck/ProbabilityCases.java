package io.nabla.testing.gradcheck;

import io.nabla.testing.GradientCheck;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.Ops;
import io.nabla.ops.loss.SoftmaxCrossEntropy;
import io.nabla.ops.math.Mean;
import io.nabla.ops.nn.LogSoftmax;
import io.nabla.ops.nn.Softmax;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Gradient-check cases of the probability ops: softmax, log-softmax and the losses. */
final class ProbabilityCases {
  private static final long[] SEEDS = {1, 2, 3};

  private ProbabilityCases() {}

  static List<GradCase> all() {
    List<GradCase> cases = new ArrayList<>();
    int[][] shapes = {{3, 4}, {2, 3, 4}};
    for (long seed : SEEDS) {
      for (int[] dims : shapes) {
        for (int axis : new int[] {-1, 0}) {
          Shape shape = Shape.of(dims);
          String name = shape + " axis " + axis + " seed " + seed;
          // logits spread over a few units, so the softmax is far from uniform
          cases.add(new GradCase(Softmax.class, name, () -> GradientCheck.ofOp(
              new Softmax(axis), gaussian(seed, shape, 2.0)).seed(seed)));
          cases.add(new GradCase(LogSoftmax.class, name, () -> GradientCheck.ofOp(
              new LogSoftmax(axis), gaussian(seed, shape, 2.0)).seed(seed)));
        }
      }
      cases.add(new GradCase(Softmax.class, "[2,3,4] axis 1 seed " + seed, () ->
          GradientCheck.ofOp(new Softmax(1), gaussian(seed, Shape.of(2, 3, 4), 2.0))
              .seed(seed)));
      cases.add(new GradCase(SoftmaxCrossEntropy.class, "[4,5] seed " + seed, () ->
          GradientCheck.ofOp(new SoftmaxCrossEntropy(), gaussian(seed, Shape.of(4, 5), 2.0),
              labels(seed, 4, 5)).seed(seed)));
      cases.add(new GradCase(SoftmaxCrossEntropy.class, "[8,3] seed " + seed, () ->
          GradientCheck.ofOp(new SoftmaxCrossEntropy(), gaussian(seed, Shape.of(8, 3), 1.0),
              labels(seed, 8, 3)).seed(seed)));
      // more than 64 elements: checked along random directions
      cases.add(new GradCase(Softmax.class, "[8,16] axis 0 seed " + seed, () ->
          GradientCheck.ofOp(new Softmax(0), gaussian(seed, Shape.of(8, 16), 2.0)).seed(seed)));
      cases.add(new GradCase(LogSoftmax.class, "[8,16] axis -1 seed " + seed, () ->
          GradientCheck.ofOp(new LogSoftmax(-1), gaussian(seed, Shape.of(8, 16), 2.0))
              .seed(seed)));
      cases.add(new GradCase(SoftmaxCrossEntropy.class, "[16,10] seed " + seed, () ->
          GradientCheck.ofOp(new SoftmaxCrossEntropy(), gaussian(seed, Shape.of(16, 10), 2.0),
              labels(seed, 16, 10)).seed(seed)));
      cases.add(new GradCase(SoftmaxCrossEntropy.class, "[?,5] fed [4,5] seed " + seed, () -> {
        Graph g = new Graph();
        Node logits = g.placeholder("logits", -1, 5);
        Node labels = g.placeholder("labels", -1);
        return GradientCheck.of(Ops.softmaxCrossEntropy(logits, labels))
            .wrt(logits, gaussian(seed, Shape.of(4, 5), 2.0))
            .feed(labels, labels(seed, 4, 5))
            .seed(seed);
      }));
      cases.add(new GradCase(Mean.class, "mse [3,4] seed " + seed, () -> mse(seed)));
    }
    return cases;
  }

  /** {@code Ops.mse(p, t)} differentiated with respect to both the prediction and the target. */
  private static GradientCheck mse(long seed) {
    Graph g = new Graph();
    Node p = g.placeholder("prediction", 3, 4);
    Node t = g.placeholder("target", 3, 4);
    return GradientCheck.of(Ops.mse(p, t))
        .wrt(p, gaussian(seed, Shape.of(3, 4), 1.0))
        .wrt(t, gaussian(seed + 100, Shape.of(3, 4), 1.0))
        .seed(seed);
  }

  private static Tensor gaussian(long seed, Shape shape, double scale) {
    Random random = new Random(seed);
    return Tensor.fromFunction(shape, i -> scale * random.nextGaussian());
  }

  /** {@code n} class indices in {@code [0, classes)}, as floats. */
  private static Tensor labels(long seed, int n, int classes) {
    Random random = new Random(seed + 1000);
    return Tensor.fromFunction(Shape.of(n), i -> random.nextInt(classes));
  }
}
