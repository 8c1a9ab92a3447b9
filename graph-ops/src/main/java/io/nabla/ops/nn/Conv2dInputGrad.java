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
 * The gradient of {@link Conv2d} with respect to its input (a transposed convolution). Inputs
 * {@code (dy, filters, x)}; {@code x} gives only its run-time shape.
 */
public final class Conv2dInputGrad implements Op {
  private final Conv2dSpec spec;

  public Conv2dInputGrad(Conv2dSpec spec) {
    this.spec = spec;
  }

  @Override
  public String type() {
    return "conv2d_input_grad";
  }

  @Override
  public Map<String, Object> attributes() {
    return spec.attributes();
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 3);
    Shape dy = in.get(0);
    Shape expected = ConvShapes.outputShape(in.get(2), in.get(1), spec);
    if (dy.rank() != 4 || !Shape.of(dims(expected, dy)).accepts(dy)) {
      throw new ShapeException("dy " + dy.describe() + " is not the shape " + expected.describe()
          + " that conv2d of " + in.get(2).describe() + " with " + in.get(1).describe()
          + " produces");
    }
    return in.get(2);
  }

  /** The expected shape with unknown dims filled from dy, so only known dims are compared. */
  static int[] dims(Shape expected, Shape dy) {
    int[] d = expected.dims();
    for (int i = 0; i < d.length && i < dy.rank(); i++) {
      if (d[i] == Shape.UNKNOWN) {
        d[i] = dy.dim(i);
      }
    }
    return d;
  }

  @Override
  public void compute(OpContext c) {
    ConvKernel.inputGrad(c.input(0).data(), c.input(1).data(), c.output().data(),
        ConvShapes.geometry(c.input(2).shape(), c.input(1).shape(), spec));
  }

  /** Linear in dy and in the filters: its adjoints are conv2d and the filter gradient. */
  @Override
  public List<Node> gradient(GradContext g) {
    Node dy = g.input(0);
    Node w = g.input(1);
    Node up = g.upstream();
    return Arrays.asList(g.graph().apply(new Conv2d(spec), up, w),
        g.graph().apply(new Conv2dFilterGrad(spec), up, dy, w), null);
  }

  @Override
  public boolean isDifferentiable(int index) {
    return index != 2;
  }
}
