package io.nabla.ops.nn;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.BatchNormKernel;
import java.util.List;
import java.util.Map;

/**
 * The per-channel sums of batch norm's backward pass, {@code [2,C]}: row 0 {@code Σ dy · x̂}
 * (the gradient of gamma), row 1 {@code Σ dy} (that of beta), with
 * {@code x̂ = (x − mean) / sqrt(var + epsilon)}. Inputs {@code (x, stats, dy)}.
 */
public final class BatchNormalizeParamGrad implements Op {
  private final float epsilon;

  /** {@code epsilon}: that of the {@link BatchNormalize} being differentiated. */
  public BatchNormalizeParamGrad(float epsilon) {
    this.epsilon = BatchNormalize.checkedEpsilon(epsilon);
  }

  @Override
  public String type() {
    return "batch_normalize_param_grad";
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("epsilon", epsilon);
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 3);
    int c = BatchNormShapes.channels(in.get(0));
    BatchNormShapes.twoRows("the statistics (means, then variances)", in.get(1), c);
    BatchNormShapes.likeX("dy", in.get(2), in.get(0));
    return Shape.of(2, BatchNormShapes.known(c, in.get(1).dim(1)));
  }

  @Override
  public void compute(OpContext c) {
    BatchNormKernel.paramGrad(c.input(0).data(), c.input(1).data(), c.input(2).data(), epsilon,
        c.output().data(), BatchNormShapes.layout(c.input(0).shape()));
  }

  /** Built from {@link BatchNormReference#paramGrad}. */
  @Override
  public List<Node> gradient(GradContext g) {
    return CompositeGradient.of(g, this,
        in -> BatchNormReference.paramGrad(in.get(0), in.get(1), in.get(2), epsilon));
  }
}
