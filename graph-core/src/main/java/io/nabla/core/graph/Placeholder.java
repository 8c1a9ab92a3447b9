package io.nabla.core.graph;

import io.nabla.core.tensor.Shape;
import java.util.List;

/** A value fed on every run; its shape may leave dimensions unknown (the batch). */
public final class Placeholder extends SourceOp {
  private final Shape shape;

  Placeholder(Shape shape) {
    this.shape = shape;
  }

  @Override
  public String type() {
    return "placeholder";
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return shape;
  }
}
