package io.nabla.nn.layer;

import io.nabla.core.graph.Node;
import java.util.List;

/**
 * One step of a network: adds its named, scoped nodes to the graph of its input and returns
 * the output node. Layers are descriptions; applying a new layer object gives new parameters,
 * and applying the same object again (to another node of the same model) shares them, as in
 * Keras — the way to build siamese networks and tied weights.
 */
public interface Layer {

  /** The layer's kind, used for its default scope name: {@code conv} → {@code conv1}. */
  String kind();

  /** Adds this layer to the graph; parameters and running statistics go through {@code ctx}. */
  Node apply(Node input, LayerContext ctx);

  /**
   * Adds this layer on several inputs. Layers of one input (the default) take a list of one;
   * merges such as {@link Merge#concat} take two or more.
   */
  default Node apply(List<Node> inputs, LayerContext ctx) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException("a " + kind() + " layer takes one input, not "
          + inputs.size() + "; merge them first, e.g. with Merge.concat(1) or Merge.add()");
    }
    return apply(inputs.get(0), ctx);
  }
}
