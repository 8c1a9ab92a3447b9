package io.nabla.nn.layer;

import io.nabla.core.graph.Node;

/**
 * One step of a network: adds its named, scoped nodes to the graph of its input and returns
 * the output node. Layers are immutable descriptions; building the same layer twice gives two
 * independent sets of parameters.
 */
public interface Layer {

  /** The layer's kind, used for its default scope name: {@code conv} → {@code conv1}. */
  String kind();

  /** Adds this layer to the graph; parameters and running statistics go through {@code ctx}. */
  Node apply(Node input, LayerContext ctx);
}
