package io.nabla.nn.layer;

import static io.nabla.ops.NnOps.conv2d;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.nn.init.Initializer;
import io.nabla.nn.init.Initializers;
import io.nabla.ops.nn.Conv2dSpec;
import io.nabla.ops.nn.Padding;

/**
 * A 2-D convolution layer: {@code filters} filters of {@code kernel × kernel} over all input
 * channels (the depth), with stride, padding and an optional bias. Input {@code [N,C,H,W]}.
 */
public final class Conv implements Layer {
  private final int filters;
  private final int kernel;
  private final Conv2dSpec spec;
  private final boolean bias;
  private final Initializer init;

  /** {@code filters} filters of {@code kernel × kernel}, stride 1, no padding, with bias. */
  public Conv(int filters, int kernel) {
    this(filters, kernel, Conv2dSpec.defaults(), true, Initializers.heNormal());
  }

  private Conv(int filters, int kernel, Conv2dSpec spec, boolean bias, Initializer init) {
    Preconditions.checkArgument(filters >= 1, "a conv layer needs at least one filter, not %s",
        filters);
    Preconditions.checkArgument(kernel >= 1, "kernel size must be at least 1, not %s", kernel);
    this.filters = filters;
    this.kernel = kernel;
    this.spec = spec;
    this.bias = bias;
    this.init = init;
  }

  public Conv stride(int s) {
    return new Conv(filters, kernel, spec.withStride(s), bias, init);
  }

  /** {@code p} zeros on every side. */
  public Conv padding(int p) {
    return padding(Padding.of(p));
  }

  public Conv padding(Padding p) {
    return new Conv(filters, kernel, spec.withPadding(p), bias, init);
  }

  public Conv dilation(int d) {
    return new Conv(filters, kernel, spec.withDilation(d), bias, init);
  }

  public Conv groups(int g) {
    return new Conv(filters, kernel, spec.withGroups(g), bias, init);
  }

  /** Without a bias, e.g. before batch norm, whose shift makes it redundant. */
  public Conv withoutBias() {
    return new Conv(filters, kernel, spec, false, init);
  }

  public Conv init(Initializer initializer) {
    return new Conv(filters, kernel, spec, bias, initializer);
  }

  @Override
  public String kind() {
    return "conv";
  }

  @Override
  public Node apply(Node x, LayerContext ctx) {
    if (x.shape().rank() != 4 || x.shape().dim(1) == Shape.UNKNOWN) {
      throw new ShapeException("a conv layer takes [N,C,H,W] with known channels, not "
          + x.shape().describe());
    }
    int channels = x.shape().dim(1);
    int perGroup = channels / spec.groups();
    Node w = ctx.parameter("weight", Shape.of(filters, perGroup, kernel, kernel), init,
        perGroup * kernel * kernel, filters * kernel * kernel / spec.groups(), true);
    if (!bias) {
      return conv2d(x, w, spec);
    }
    Node b = ctx.parameter("bias", Shape.of(filters), Initializers.zeros(), 1, 1, false);
    return conv2d(x, w, b, spec);
  }
}
