package io.nabla.nn.layer;

import static io.nabla.ops.NnOps.dropout;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;

/**
 * Inverted dropout: in training runs each value is zeroed with probability {@code p} and the rest
 * scaled by {@code 1/(1−p)}; inference runs pass values through.
 */
public final class Dropout implements Layer {
  private final float p;

  public Dropout(double p) {
    Preconditions.checkArgument(p >= 0 && p < 1,
        "dropout probability must be in [0, 1), not %s", p);
    this.p = (float) p;
  }

  @Override
  public String kind() {
    return "dropout";
  }

  @Override
  public Node apply(Node x, LayerContext ctx) {
    return dropout(x, p);
  }
}
