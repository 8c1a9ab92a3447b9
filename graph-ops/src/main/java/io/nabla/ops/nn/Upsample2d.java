package io.nabla.ops.nn;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.UpsampleKernel;
import java.util.List;
import java.util.Map;

/**
 * Resamples the spatial axes of an NCHW input {@code [N,C,H,W]} to {@code [N,C,floor(H·sH),
 * floor(W·sW)]}, nearest or bilinear, as {@link Upsampling} says (PyTorch's {@code interpolate}
 * with {@code scale_factor}, Keras' {@code UpSampling2D}). Linear in its input: the gradient is
 * the adjoint {@link Upsample2dGrad}.
 */
public final class Upsample2d implements Op {
  private final Upsampling how;

  public Upsample2d(Upsampling how) {
    if (how == null) {
      throw new NullPointerException("upsample2d: the upsampling is null; use e.g."
          + " Upsampling.nearest(2)");
    }
    this.how = how;
  }

  public Upsampling upsampling() {
    return how;
  }

  @Override
  public String type() {
    return "upsample2d";
  }

  @Override
  public Map<String, Object> attributes() {
    return how.attributes();
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    return how.outputShape(ShapeRules.unary(this, in));
  }

  @Override
  public void compute(OpContext c) {
    Shape x = c.input(0).shape();
    Shape y = c.output().shape();
    UpsampleKernel.forward(c.input(0).data(), c.output().data(), x.dim(0) * x.dim(1), x.dim(2),
        x.dim(3), taps(how, x.dim(2), y.dim(2), true), taps(how, x.dim(3), y.dim(3), false));
  }

  /** The kernel's table for one axis. */
  static UpsampleKernel.Taps taps(Upsampling how, int in, int out, boolean vertical) {
    double scale = vertical ? how.scaleH() : how.scaleW();
    return how.mode() == Upsampling.Mode.NEAREST ? UpsampleKernel.nearest(in, out, scale)
        : UpsampleKernel.linear(in, out, scale);
  }

  @Override
  public List<Node> gradient(GradContext g) {
    return List.of(g.graph().apply(new Upsample2dGrad(how), g.upstream(), g.input(0)));
  }
}
