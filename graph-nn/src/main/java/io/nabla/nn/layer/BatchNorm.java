package io.nabla.nn.layer;

import static io.nabla.ops.NnOps.batchNorm;
import static io.nabla.ops.Ops.count;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.init.Initializers;
import io.nabla.ops.nn.BatchNormNodes;

/**
 * Batch normalisation per channel ({@code [N,C,H,W]}) or per feature ({@code [N,C]}), with a
 * learned scale (starting at 1) and shift (starting at 0). Training runs use the batch's
 * statistics and move the running ones towards them; inference runs use the running ones.
 */
public final class BatchNorm implements Layer {
  private final float momentum;
  private final float epsilon;

  /** Momentum 0.1 and epsilon 1e-5, as in PyTorch. */
  public BatchNorm() {
    this(0.1f, 1e-5f);
  }

  public BatchNorm(float momentum, float epsilon) {
    Preconditions.checkArgument(momentum > 0 && momentum <= 1,
        "batch-norm momentum must be in (0, 1], not %s", momentum);
    Preconditions.checkArgument(epsilon > 0, "batch-norm epsilon must be > 0, not %s", epsilon);
    this.momentum = momentum;
    this.epsilon = epsilon;
  }

  @Override
  public String kind() {
    return "bn";
  }

  @Override
  public Node apply(Node x, LayerContext ctx) {
    int rank = x.shape().rank();
    if ((rank != 2 && rank != 4) || x.shape().dim(1) == Shape.UNKNOWN) {
      throw new ShapeException("batch norm takes [N,C] or [N,C,H,W] with known C, not "
          + x.shape().describe());
    }
    int c = x.shape().dim(1);
    Node gamma = ctx.parameter("gamma", Shape.of(c), Initializers.constant(1f), c, c, false);
    Node beta = ctx.parameter("beta", Shape.of(c), Initializers.zeros(), c, c, false);
    Node mean = ctx.state("running_mean", Tensor.zeros(c));
    Node var = ctx.state("running_var", Tensor.filled(Shape.of(c), 1f));
    BatchNormNodes bn = batchNorm(x, gamma, beta, mean, var, epsilon);
    Node perChannel = rank == 4 ? count(x, 0, 2, 3) : count(x, 0);
    ctx.runningAverage(mean, bn.batchMean(), momentum, null);
    ctx.runningAverage(var, bn.batchVariance(), momentum, perChannel);
    return bn.output();
  }
}
