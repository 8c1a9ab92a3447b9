package io.nabla.nn.model;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;

/**
 * A built layer: its scope name, its kind, its output node (to fetch feature maps) and its
 * number of trainable scalars.
 */
public record LayerInfo(String name, String kind, Node output, long parameters) {

  public Shape outputShape() {
    return output.shape();
  }
}
