package io.nabla.core.graph;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** A fixed value stored in the graph. */
public final class Constant extends SourceOp {
  private final Tensor value;

  Constant(Tensor value) {
    this.value = value.copy();
  }

  @Override
  public String type() {
    return "constant";
  }

  /** The value, read-only: the executor hands this very tensor to the ops that read it. */
  public Tensor value() {
    return value;
  }

  @Override
  public Map<String, Object> attributes() {
    return value.size() == 1 ? Map.of("value", value.get(0)) : Map.of();
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return value.shape();
  }
}
