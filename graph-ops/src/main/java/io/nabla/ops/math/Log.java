package io.nabla.ops.math;

import static io.nabla.ops.Ops.*;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import java.util.List;

/** y = ln x (NaN for {@code x < 0}, -inf at 0). */
public final class Log extends UnaryOp {

  @Override
  public String type() {
    return "log";
  }

  @Override
  protected void map(float[] x, float[] y, int from, int to) {
    for (int i = from; i < to; i++) {
      y[i] = (float) Math.log(x[i]);
    }
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(div(g.upstream(), g.input(0)));
  }
}
