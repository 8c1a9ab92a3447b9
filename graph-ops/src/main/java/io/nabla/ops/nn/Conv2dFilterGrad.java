package io.nabla.ops.nn;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.ConvKernel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The gradient of {@link Conv2d} with respect to its filters: the correlation of the input with
 * dy, summed over the batch. Inputs {@code (x, dy, filters)}; {@code filters} gives only its
 * shape.
 */
public final class Conv2dFilterGrad implements Op {
  private final Conv2dSpec spec;

  public Conv2dFilterGrad(Conv2dSpec spec) {
    this.spec = spec;
  }

  @Override
  public String type() {
    return "conv2d_filter_grad";
  }

  @Override
  public Map<String, Object> attributes() {
    return spec.attributes();
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 3);
    Shape dy = in.get(1);
    Shape expected = ConvShapes.outputShape(in.get(0), in.get(2), spec);
    if (dy.rank() != 4 || !Shape.of(Conv2dInputGrad.dims(expected, dy)).accepts(dy)) {
      throw new ShapeException("dy " + dy.describe() + " is not the shape " + expected.describe()
          + " that conv2d of " + in.get(0).describe() + " with " + in.get(2).describe()
          + " produces");
    }
    return in.get(2);
  }

  @Override
  public void compute(OpContext c) {
    ConvKernel.filterGrad(c.input(0).data(), c.input(1).data(), c.output().data(),
        ConvShapes.geometry(c.input(0).shape(), c.input(2).shape(), spec));
  }

  /** Linear in x and in dy: its adjoints are the input gradient and conv2d. */
  @Override
  public List<Node> gradient(GradContext g) {
    Node x = g.input(0);
    Node dy = g.input(1);
    Node up = g.upstream();
    return Arrays.asList(g.graph().apply(new Conv2dInputGrad(spec), dy, up, x),
        g.graph().apply(new Conv2d(spec), x, up), null);
  }

  @Override
  public boolean isDifferentiable(int index) {
    return index != 2;
  }
}
