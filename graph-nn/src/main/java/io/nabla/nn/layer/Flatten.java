package io.nabla.nn.layer;

import static io.nabla.ops.NnOps.flatten;

import io.nabla.core.graph.Node;

/** {@code [N, d1, d2, …] → [N, d1·d2·…]}, between convolutions and dense layers. */
public final class Flatten implements Layer {

  @Override
  public String kind() {
    return "flatten";
  }

  @Override
  public Node apply(Node x, LayerContext ctx) {
    return flatten(x);
  }
}
