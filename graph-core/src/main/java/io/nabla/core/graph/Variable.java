package io.nabla.core.graph;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;

/** Trainable state. The graph keeps the initial value; a session keeps the current one. */
public final class Variable extends SourceOp {
  private final Tensor initial;

  Variable(Tensor initial) {
    this.initial = initial.copy();
  }

  @Override
  public String type() {
    return "variable";
  }

  /** A copy of the value the variable starts with. */
  public Tensor initialValue() {
    return initial.copy();
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return initial.shape();
  }
}
