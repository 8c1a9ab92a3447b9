package io.nabla.ops.nn;

import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.sub;
import static io.nabla.ops.Ops.sum;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.SoftmaxKernel;
import java.util.List;
import java.util.Map;

/** Softmax along an axis: {@code y = e^x / Σ e^x}, computed without overflow. */
public final class Softmax implements Op {
  private final int axis;

  public Softmax(int axis) {
    this.axis = axis;
  }

  @Override
  public String type() {
    return "softmax";
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
    SoftmaxKernel.apply(c.input(0).data(), c.output().data(), c.input(0).shape(), axis, false);
  }

  /** dx = y · (dy − Σ dy·y) along the axis. */
  @Override
  public List<Node> gradient(GradContext g) {
    Node y = g.node();
    Node dy = g.upstream();
    return List.of(mul(y, sub(dy, sum(mul(dy, y), true, axis))));
  }
}
