package io.nabla.ops.nn;

import static io.nabla.ops.Ops.exp;
import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.sub;
import static io.nabla.ops.Ops.sum;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;

/** Log-softmax along an axis: {@code y = x − log Σ e^x}, computed without overflow. */
public final class LogSoftmax extends AlongAxis {

  public LogSoftmax(int axis) {
    super(axis, true);
  }

  @Override
  public String type() {
    return "log_softmax";
  }

  /** dx = dy − softmax(x) · Σ dy along the axis. */
  @Override
  public List<Node> gradient(GradContext g) {
    Node dy = g.upstream();
    return List.of(sub(dy, mul(exp(g.node()), sum(dy, true, axis()))));
  }
}
