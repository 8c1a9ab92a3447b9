package io.nabla.ops.nn;

import static io.nabla.ops.NnOps.slice;
import static io.nabla.ops.Ops.reshapeLike;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.BatchNormKernel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation in one pass: {@code y = gamma · (x − mean) / sqrt(var + epsilon) + beta}
 * per channel. Inputs {@code (x, stats, gamma, beta)}, where {@code stats} must be the
 * {@link BatchStats} of the same x, as {@link io.nabla.ops.NnOps#batchNorm} builds it: in
 * training the gradient of x then includes the path through the batch statistics (the closed
 * form of {@link BatchNormalizeInputGrad}), so {@code stats} itself is not differentiable here.
 */
public final class BatchNormalize implements Op {
  private final float epsilon;

  /** {@code epsilon > 0} keeps the denominator away from zero for a constant channel. */
  public BatchNormalize(float epsilon) {
    this.epsilon = checkedEpsilon(epsilon);
  }

  static float checkedEpsilon(float epsilon) {
    if (!(epsilon > 0f)) {
      throw new IllegalArgumentException("batch norm epsilon must be > 0, not " + epsilon
          + "; it keeps the division finite when a variance is 0 (1e-5 is common)");
    }
    return epsilon;
  }

  public float epsilon() {
    return epsilon;
  }

  @Override
  public String type() {
    return "batch_normalize";
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("epsilon", epsilon);
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 4);
    int c = BatchNormShapes.channels(in.get(0));
    BatchNormShapes.twoRows("the statistics (means, then variances)", in.get(1), c);
    BatchNormShapes.perChannel("gamma", in.get(2), c);
    BatchNormShapes.perChannel("beta", in.get(3), c);
    return in.get(0);
  }

  @Override
  public void compute(OpContext c) {
    BatchNormKernel.normalize(c.input(0).data(), c.input(1).data(), c.input(2).data(),
        c.input(3).data(), epsilon, c.output().data(), BatchNormShapes.layout(c.input(0).shape()));
  }

  /**
   * dx from {@link BatchNormalizeInputGrad}; dgamma and dbeta are the rows of one
   * {@link BatchNormalizeParamGrad}, whose sums dx reuses.
   */
  @Override
  public List<Node> gradient(GradContext g) {
    Node x = g.input(0);
    Node stats = g.input(1);
    if (!(stats.op() instanceof BatchStats) || stats.input(0) != x) {
      throw new IllegalArgumentException(type() + " '" + g.node().name() + "': its statistics '"
          + stats.name() + "' are not the batch_stats of its input '" + x.name() + "', so its"
          + " gradient is unknown; build batch norm with NnOps.batchNorm");
    }
    Node sums = g.graph().apply(new BatchNormalizeParamGrad(epsilon), x, stats, g.upstream());
    Node dx = g.graph().apply(new BatchNormalizeInputGrad(epsilon), x, stats, g.input(2),
        g.upstream(), sums);
    return Arrays.asList(dx, null, reshapeLike(slice(sums, 0, 0, 1), g.input(2)),
        reshapeLike(slice(sums, 0, 1, 2), g.input(3)));
  }

  @Override
  public boolean isDifferentiable(int index) {
    return index != 1;
  }
}
