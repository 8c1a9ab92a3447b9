package io.nabla.nn.layer;

import static io.nabla.ops.NnOps.globalAvgPool;

import io.nabla.core.graph.Node;

/** The mean of each channel over the whole map: {@code [N,C,H,W] → [N,C]}. */
public final class GlobalAvgPool implements Layer {

  @Override
  public String kind() {
    return "gap";
  }

  @Override
  public Node apply(Node x, LayerContext ctx) {
    return globalAvgPool(x);
  }
}
