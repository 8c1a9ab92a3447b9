package io.nabla.nn.layer;

import static io.nabla.ops.NnOps.maxPool2d;

import io.nabla.core.graph.Node;
import io.nabla.ops.nn.Padding;
import io.nabla.ops.nn.Window2d;

/** Max pooling over {@code size × size} windows (stride = size unless given). */
public final class MaxPool implements Layer {
  private final Window2d window;

  public MaxPool(int size) {
    this(size, size);
  }

  public MaxPool(int size, int stride) {
    this(Window2d.of(size, stride, Padding.valid()));
  }

  public MaxPool(Window2d window) {
    this.window = window;
  }

  @Override
  public String kind() {
    return "maxpool";
  }

  @Override
  public Node apply(Node x, LayerContext ctx) {
    return maxPool2d(x, window);
  }
}
