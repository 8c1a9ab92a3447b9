package io.nabla.core.primitive;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** A tensor shaped like its input at run time, every element {@code value} (ones-like, …). */
public final class FillLike implements Op {
  private final float value;

  public FillLike(float value) {
    this.value = value;
  }

  public float value() {
    return value;
  }

  @Override
  public String type() {
    return value == 0f ? "zeros_like" : value == 1f ? "ones_like" : "fill_like";
  }

  @Override
  public Map<String, Object> attributes() {
    return value == 0f || value == 1f ? Map.of() : Map.of("value", value);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return ShapeRules.unary(this, inputs);
  }

  @Override
  public void compute(OpContext c) {
    Arrays.fill(c.output().data(), 0, c.output().size(), value);
  }

  /** The output does not depend on the input's values, only on its shape. */
  @Override
  public List<Node> gradient(GradContext g) {
    return Collections.singletonList(null);
  }

  @Override
  public boolean isDifferentiable(int index) {
    return false;
  }
}
