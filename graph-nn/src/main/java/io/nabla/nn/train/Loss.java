package io.nabla.nn.train;

import io.nabla.core.graph.Node;
import java.util.List;

/**
 * What a trainer minimises: a scalar built from the model's outputs and targets fed from the
 * dataset. A custom loss is a lambda:
 *
 * <pre>{@code
 * Loss meanCubed = ctx -> {
 *   Node out = ctx.output(null);
 *   Node d = sub(out, ctx.target(null, out));
 *   return mean(mul(mul(d, d), abs(d)));
 * };
 * }</pre>
 *
 * The built-in ones compare the sole output with the dataset's sole target, or name the output
 * (and the target, when its name differs): {@code Loss.crossEntropy("class")}.
 */
@FunctionalInterface
public interface Loss {

  /** The scalar loss node, built once when the trainer is. */
  Node build(LossContext ctx);

  /** The metrics reported when the trainer is given none (accuracy for class scores). */
  default List<Metric> defaultMetrics() {
    return List.of();
  }

  /** Mean softmax cross-entropy of the sole output's class scores against class indices. */
  static CrossEntropy crossEntropy() {
    return new CrossEntropy(null);
  }

  /** As {@link #crossEntropy()} for the output named {@code output}. */
  static CrossEntropy crossEntropy(String output) {
    return new CrossEntropy(output);
  }

  /**
   * Mean binary cross-entropy of logits against targets in [0, 1] of the same shape (multi-label
   * classification); the sigmoid is part of the loss, computed stably.
   */
  static TargetLoss binaryCrossEntropy(String output) {
    return new TargetLoss(TargetLoss.Kind.BINARY_CROSS_ENTROPY, output, 0);
  }

  /** Mean squared error against targets of the output's shape (regression). */
  static TargetLoss mse(String output) {
    return new TargetLoss(TargetLoss.Kind.MSE, output, 0);
  }

  /** Mean absolute error against targets of the output's shape. */
  static TargetLoss l1(String output) {
    return new TargetLoss(TargetLoss.Kind.L1, output, 0);
  }

  /**
   * Mean Huber loss: squared for errors up to {@code delta} ({@code e²/2}), linear beyond
   * ({@code δ(|e| − δ/2)}), so outliers pull less than with MSE.
   */
  static TargetLoss huber(String output, double delta) {
    return new TargetLoss(TargetLoss.Kind.HUBER, output, delta);
  }

  /** Mean squared error between the sole output and the model's sole input (auto-encoders). */
  static Loss reconstruction() {
    return ctx -> io.nabla.ops.Ops.mse(ctx.output(null), ctx.input(null));
  }

  /** A weighted sum of losses over several outputs, each term reported as {@code loss/<name>}. */
  static WeightedSum weighted() {
    return new WeightedSum();
  }
}
