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
 * The gradient of batch norm with respect to x, in one pass. Inputs
 * {@code (x, stats, gamma, dy, sums)}, {@code sums} being the {@link BatchNormalizeParamGrad}
 * of {@code (x, stats, dy)}. In a training run the statistics are the batch's and depend on x:
 * {@code dx = k · (dy − (Σdy + x̂ · Σdy·x̂) / m)}; in an inference run they are fixed:
 * {@code dx = k · dy}; {@code k = gamma / sqrt(var + epsilon)}.
 */
public final class BatchNormalizeInputGrad implements Op {
  private final float epsilon;

  /** {@code epsilon}: that of the {@link BatchNormalize} being differentiated. */
  public BatchNormalizeInputGrad(float epsilon) {
    this.epsilon = BatchNormalize.checkedEpsilon(epsilon);
  }

  /** Batch statistics in a training run, the running ones otherwise. */
  @Override
  public boolean dependsOnRun() {
    return true;
  }

  @Override
  public String type() {
    return "batch_normalize_input_grad";
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("epsilon", epsilon);
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 5);
    Shape x = in.get(0);
    int c = BatchNormShapes.channels(x);
    BatchNormShapes.twoRows("the statistics (means, then variances)", in.get(1), c);
    BatchNormShapes.perChannel("gamma", in.get(2), c);
    BatchNormShapes.likeX("dy", in.get(3), x);
    BatchNormShapes.twoRows("the sums (Σ dy·x̂, then Σ dy)", in.get(4), c);
    return x;
  }

  @Override
  public void compute(OpContext c) {
    BatchNormKernel.inputGrad(c.input(0).data(), c.input(1).data(), c.input(2).data(),
        c.input(3).data(), c.input(4).data(), epsilon, c.training(), c.output().data(),
        BatchNormShapes.layout(c.input(0).shape()));
  }

  /** Built from {@link BatchNormReference#inputGrad}. */
  @Override
  public List<Node> gradient(GradContext g) {
    return CompositeGradient.of(g, this, in -> BatchNormReference.inputGrad(in.get(0),
        in.get(1), in.get(2), in.get(3), in.get(4), epsilon));
  }
}
