package io.nabla.ops.nn;

import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.SoftmaxKernel;
import java.util.List;
import java.util.Map;

/** Softmax and log-softmax: one input, one axis, the input's shape, one stabilised kernel. */
abstract class AlongAxis implements Op {
  private final int axis;
  private final boolean log;

  AlongAxis(int axis, boolean log) {
    this.axis = axis;
    this.log = log;
  }

  /** The axis the values are normalised along (negative counts from the end). */
  public int axis() {
    return axis;
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("axis", axis);
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Shape x = ShapeRules.unary(this, in);
    ShapeRules.axesMask(new int[] {axis}, x.rank(), x);
    return x;
  }

  @Override
  public void compute(OpContext c) {
    SoftmaxKernel.apply(c.input(0).data(), c.output().data(), c.input(0).shape(), axis, log);
  }
}
