package io.nabla.nn.model;

import io.nabla.core.graph.Node;

/** A trainable variable of a model, with the weight decay it accepts (none for biases). */
public record Parameter(Node variable, boolean decays) {

  /** The variable's name, e.g. {@code conv1/weight}. */
  public String name() {
    return variable.name();
  }
}
