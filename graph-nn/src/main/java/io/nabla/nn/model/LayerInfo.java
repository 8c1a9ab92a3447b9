package io.nabla.nn.model;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import java.util.List;

/**
 * A built layer: its scope name, its kind, its output node (to fetch feature maps), its number
 * of trainable scalars (0 when it shares those of an earlier application) and what it was
 * applied to — the names of the layers or inputs whose outputs it took.
 */
public record LayerInfo(String name, String kind, Node output, long parameters,
    List<String> inputs) {

  public LayerInfo {
    inputs = List.copyOf(inputs);
  }

  public Shape outputShape() {
    return output.shape();
  }
}
