package io.nabla.ops.nn;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.kernel.BatchNormKernel;
import java.util.List;

/**
 * The statistics batch norm normalises with, as one {@code [2,C]} tensor (row 0 the means, row 1
 * the variances): in a training run those of the batch {@code x} (per channel over N, H and W;
 * the biased variance, divided by the count m), in an inference run the running ones. Inputs
 * {@code (x, runningMean, runningVariance)}; the running statistics are state, not
 * differentiable.
 */
public final class BatchStats implements Op {

  /** Batch statistics in a training run, the running ones otherwise. */
  @Override
  public boolean dependsOnRun() {
    return true;
  }

  @Override
  public String type() {
    return "batch_stats";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 3);
    int c = BatchNormShapes.channels(in.get(0));
    BatchNormShapes.perChannel("the running mean", in.get(1), c);
    BatchNormShapes.perChannel("the running variance", in.get(2), c);
    return Shape.of(2, BatchNormShapes.known(c, in.get(1).dim(0)));
  }

  @Override
  public void compute(OpContext c) {
    float[] out = c.output().data();
    if (c.training()) {
      Tensor x = c.input(0);
      if (x.size() == 0) {
        throw new IllegalArgumentException("the batch statistics of an empty batch "
            + x.shape().describe() + " are undefined; feed at least one example, or run in"
            + " inference mode to use the running statistics");
      }
      BatchNormKernel.statistics(x.data(), BatchNormShapes.layout(x.shape()), out);
    } else {
      int channels = c.input(1).size();
      System.arraycopy(c.input(1).data(), 0, out, 0, channels);
      System.arraycopy(c.input(2).data(), 0, out, channels, channels);
    }
  }

  /** The statistics' dependence on x in training; built from {@link BatchNormReference}. */
  @Override
  public List<Node> gradient(GradContext g) {
    return CompositeGradient.of(g, this,
        in -> BatchNormReference.stats(in.get(0), in.get(1), in.get(2)));
  }

  @Override
  public boolean isDifferentiable(int index) {
    return index == 0;
  }
}
