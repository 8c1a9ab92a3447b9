package io.nabla.ops.nn;

import static io.nabla.ops.NnOps.concat;
import static io.nabla.ops.NnOps.slice;
import static io.nabla.ops.NnOps.trainingSwitch;
import static io.nabla.ops.Ops.add;
import static io.nabla.ops.Ops.count;
import static io.nabla.ops.Ops.div;
import static io.nabla.ops.Ops.mean;
import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.reshape;
import static io.nabla.ops.Ops.sqrt;
import static io.nabla.ops.Ops.square;
import static io.nabla.ops.Ops.sub;
import static io.nabla.ops.Ops.sum;

import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;

/**
 * Batch normalisation written with element-wise ops and reductions: the definition of what each
 * fused batch-norm op computes. The fused ops are tested against it, and their second
 * derivatives are its gradients ({@link CompositeGradient}), so each formula exists once as
 * graph nodes. Statistics are {@code [2,C]}: the means, then the variances.
 */
public final class BatchNormReference {
  private BatchNormReference() {}

  /** What {@link BatchStats} computes: the batch's mean and biased variance, or the running ones. */
  public static Node stats(Node x, Node runningMean, Node runningVariance) {
    PerChannel p = new PerChannel(x);
    Node mean = mean(x, true, p.axes);
    Node variance = mean(square(sub(x, mean)), true, p.axes);
    Node batch = concat(0, p.row(mean), p.row(variance));
    return trainingSwitch(batch, concat(0, p.row(runningMean), p.row(runningVariance)));
  }

  /** What {@link BatchNormalize} computes: {@code gamma · (x − mean) / sqrt(var + ε) + beta}. */
  public static Node normalize(Node x, Node stats, Node gamma, Node beta, float epsilon) {
    PerChannel p = new PerChannel(x);
    return add(mul(p.normalized(x, stats, epsilon), p.broadcast(gamma)), p.broadcast(beta));
  }

  /** What {@link BatchNormalizeParamGrad} computes: {@code [Σ dy·x̂ ; Σ dy]} per channel. */
  public static Node paramGrad(Node x, Node stats, Node dy, float epsilon) {
    PerChannel p = new PerChannel(x);
    Node xhat = p.normalized(x, stats, epsilon);
    return concat(0, p.row(sum(mul(dy, xhat), true, p.axes)), p.row(sum(dy, true, p.axes)));
  }

  /**
   * What {@link BatchNormalizeInputGrad} computes: in training
   * {@code k · (dy − (Σdy + x̂ · Σdy·x̂) / m)}, the sums taken from {@code sums}; in inference
   * {@code k · dy}; {@code k = gamma / sqrt(var + ε)}.
   */
  public static Node inputGrad(Node x, Node stats, Node gamma, Node dy, Node sums,
      float epsilon) {
    PerChannel p = new PerChannel(x);
    Node k = div(p.broadcast(gamma), sqrt(add(p.entry(stats, 1), epsilon)));
    Node xhat = p.normalized(x, stats, epsilon);
    Node correction = div(add(p.entry(sums, 1), mul(xhat, p.entry(sums, 0))), count(x, p.axes));
    return trainingSwitch(mul(k, sub(dy, correction)), mul(k, dy));
  }

  /** The whole batch norm: {@link #normalize} with {@link #stats}. */
  public static Node batchNorm(Node x, Node gamma, Node beta, Node runningMean,
      Node runningVariance, float epsilon) {
    return normalize(x, stats(x, runningMean, runningVariance), gamma, beta, epsilon);
  }

  /** Moving per-channel values between {@code [C]}, {@code [1,C]} and x's broadcast shape. */
  private static final class PerChannel {
    final int[] axes;
    final int channels;
    final int[] broadcastShape;

    PerChannel(Node x) {
      channels = BatchNormShapes.channels(x.shape());
      if (channels == Shape.UNKNOWN) {
        throw new ShapeException("batch norm of '" + x.name() + "' " + x.shape().describe()
            + ": the channel count (axis 1) must be known when the graph is built");
      }
      boolean images = x.shape().rank() == 4;
      axes = images ? new int[] {0, 2, 3} : new int[] {0};
      broadcastShape = images ? new int[] {1, channels, 1, 1} : new int[] {1, channels};
    }

    Node row(Node perChannel) {
      return reshape(perChannel, 1, channels);
    }

    Node broadcast(Node perChannel) {
      return reshape(perChannel, broadcastShape);
    }

    /** Row {@code r} of a {@code [2,C]} tensor, shaped to broadcast against x. */
    Node entry(Node rows, int r) {
      return broadcast(slice(rows, 0, r, r + 1));
    }

    Node normalized(Node x, Node stats, float epsilon) {
      return div(sub(x, entry(stats, 0)), sqrt(add(entry(stats, 1), epsilon)));
    }
  }
}
