package io.nabla.ops.nn;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.UpsampleKernel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The gradient of {@link Upsample2d}: each output gradient added back onto the input pixels it
 * was interpolated from. Inputs {@code (dy, x)}; {@code x} gives only its run-time shape. Linear
 * in dy, whose adjoint is {@link Upsample2d} again.
 */
public final class Upsample2dGrad implements Op {
  private final Upsampling how;

  public Upsample2dGrad(Upsampling how) {
    if (how == null) {
      throw new NullPointerException("upsample2d_grad: the upsampling is null");
    }
    this.how = how;
  }

  @Override
  public String type() {
    return "upsample2d_grad";
  }

  @Override
  public Map<String, Object> attributes() {
    return how.attributes();
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    ShapeRules.arity(this, in, 2);
    Shape dy = in.get(0);
    Shape expected = how.outputShape(in.get(1));
    if (dy.rank() != 4 || !Shape.of(Conv2dInputGrad.dims(expected, dy)).accepts(dy)) {
      throw new ShapeException("dy " + dy.describe() + " is not the shape " + expected.describe()
          + " that upsample2d of " + in.get(1).describe() + " produces");
    }
    return in.get(1);
  }

  @Override
  public void compute(OpContext c) {
    Shape x = c.input(1).shape();
    Shape dy = c.input(0).shape();
    UpsampleKernel.adjoint(c.input(0).data(), c.output().data(), x.dim(0) * x.dim(1), x.dim(2),
        x.dim(3), Upsample2d.taps(how, x.dim(2), dy.dim(2), true),
        Upsample2d.taps(how, x.dim(3), dy.dim(3), false));
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return Arrays.asList(g.graph().apply(new Upsample2d(how), g.upstream()), null);
  }

  @Override
  public boolean isDifferentiable(int index) {
    return index == 0;
  }
}
