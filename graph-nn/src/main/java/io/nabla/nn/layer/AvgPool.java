package io.nabla.nn.layer;

import static io.nabla.ops.NnOps.avgPool2d;

import io.nabla.core.graph.Node;
import io.nabla.ops.nn.Padding;
import io.nabla.ops.nn.Window2d;

/** Mean pooling over {@code size × size} windows (stride = size unless given). */
public final class AvgPool implements Layer {
  private final Window2d window;

  public AvgPool(int size) {
    this(size, size);
  }

  public AvgPool(int size, int stride) {
    this(Window2d.of(size, stride, Padding.valid()));
  }

  public AvgPool(Window2d window) {
    this.window = window;
  }

  @Override
  public String kind() {
    return "avgpool";
  }

  @Override
  public Node apply(Node x, LayerContext ctx) {
    return avgPool2d(x, window);
  }
}
