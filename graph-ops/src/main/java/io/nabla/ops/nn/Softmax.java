package io.nabla.ops.nn;

import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.sub;
import static io.nabla.ops.Ops.sum;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;

/** Softmax along an axis: {@code y = e^x / Σ e^x}, computed without overflow. */
public final class Softmax extends AlongAxis {

  public Softmax(int axis) {
    super(axis, false);
  }

  @Override
  public String type() {
    return "softmax";
  }

  /** dx = y · (dy − Σ dy·y) along the axis. */
  @Override
  public List<Node> gradient(GradContext g) {
    Node y = g.node();
    Node dy = g.upstream();
    return List.of(mul(y, sub(dy, sum(mul(dy, y), true, axis()))));
  }
}
