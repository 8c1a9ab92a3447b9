package io.nabla.ops.loss;

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

/** Class indices {@code [...]} to one-hot rows {@code [..., classes]}. */
public final class OneHot implements Op {
  private final int classes;

  public OneHot(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("one_hot: classes must be at least 1, not " + classes
          + "; pass the number of classes, e.g. 10 for digits");
    }
    this.classes = classes;
  }

  @Override
  public String type() {
    return "one_hot";
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("classes", classes);
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Shape labels = ShapeRules.unary(this, in);
    int[] d = Arrays.copyOf(labels.dims(), labels.rank() + 1);
    d[labels.rank()] = classes;
    return Shape.of(d);
  }

  @Override
  public void compute(OpContext c) {
    float[] labels = c.input(0).data();
    float[] out = c.output().data();
    int n = c.input(0).size();
    Arrays.fill(out, 0, c.output().size(), 0f);
    for (int i = 0; i < n; i++) {
      out[i * classes + ClassLabels.index(labels, i, classes)] = 1f;
    }
  }

  /** Labels are indices, not quantities: there is nothing to differentiate. */
  @Override
  public List<Node> gradient(GradContext g) {
    return Collections.singletonList(null);
  }

  @Override
  public boolean isDifferentiable(int index) {
    return false;
  }
}
