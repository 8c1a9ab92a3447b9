package io.nabla.nn.layer;

import static io.nabla.ops.NnOps.conv2dTranspose;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.nn.init.Initializer;
import io.nabla.nn.init.Initializers;
import io.nabla.ops.nn.Conv2dSpec;
import io.nabla.ops.nn.Conv2dTranspose;
import io.nabla.ops.nn.Padding;

/**
 * A transposed 2-D convolution layer (PyTorch's {@code ConvTranspose2d}, Keras' {@code
 * Conv2DTranspose}): the decoder's counterpart of {@link Conv}, which enlarges its input.
 * {@code new ConvTranspose(16, 3).stride(2).padding(1).outputPadding(1)} doubles the height and
 * width. Input {@code [N,C,H,W]}; weight {@code [C, filters/groups, kernel, kernel]} as in
 * PyTorch; bias {@code [filters]}.
 */
public final class ConvTranspose implements Layer {
  private final int filters;
  private final int kernel;
  private final Conv2dSpec spec;
  private final int outputPadding;
  private final boolean bias;
  private final Initializer init;

  /** {@code filters} output channels, a {@code kernel × kernel} kernel, stride 1, with bias. */
  public ConvTranspose(int filters, int kernel) {
    this(filters, kernel, Conv2dSpec.defaults(), 0, true, Initializers.heNormal());
  }

  private ConvTranspose(int filters, int kernel, Conv2dSpec spec, int outputPadding,
      boolean bias, Initializer init) {
    Preconditions.checkArgument(filters >= 1, "a transposed conv layer needs at least one"
        + " output channel, not %s", filters);
    Preconditions.checkArgument(kernel >= 1, "kernel size must be at least 1, not %s", kernel);
    Preconditions.checkArgument(!spec.padding().equals(Padding.same()), "a transposed conv"
        + " layer takes explicit padding, not 'same'; kernel 3, stride 2, padding 1 and output"
        + " padding 1 double the size");
    this.filters = filters;
    this.kernel = kernel;
    this.spec = spec;
    this.outputPadding = outputPadding;
    this.bias = bias;
    this.init = init;
  }

  public ConvTranspose stride(int s) {
    return new ConvTranspose(filters, kernel, spec.withStride(s), outputPadding, bias, init);
  }

  /** {@code p} rows and columns removed from every border of the output. */
  public ConvTranspose padding(int p) {
    return padding(Padding.of(p));
  }

  /** Explicit amounts removed from each border of the output. */
  public ConvTranspose padding(Padding p) {
    return new ConvTranspose(filters, kernel, spec.withPadding(p), outputPadding, bias, init);
  }

  /**
   * Rows and columns added at the bottom and right, smaller than the stride or the dilation
   * (checked when the layer is built).
   */
  public ConvTranspose outputPadding(int p) {
    return new ConvTranspose(filters, kernel, spec, p, bias, init);
  }

  public ConvTranspose dilation(int d) {
    return new ConvTranspose(filters, kernel, spec.withDilation(d), outputPadding, bias, init);
  }

  public ConvTranspose groups(int g) {
    return new ConvTranspose(filters, kernel, spec.withGroups(g), outputPadding, bias, init);
  }

  /** Without a bias, e.g. before batch norm. */
  public ConvTranspose withoutBias() {
    return new ConvTranspose(filters, kernel, spec, outputPadding, false, init);
  }

  public ConvTranspose init(Initializer initializer) {
    return new ConvTranspose(filters, kernel, spec, outputPadding, bias, initializer);
  }

  @Override
  public String kind() {
    return "conv_transpose";
  }

  /**
   * He initialisation counts, as fan-in, the products an output pixel sums: each input channel of
   * its group contributes about {@code kernel² / stride²} taps.
   */
  @Override
  public Node apply(Node x, LayerContext ctx) {
    if (x.shape().rank() != 4 || x.shape().dim(1) == Shape.UNKNOWN) {
      throw new ShapeException("a transposed conv layer takes [N,C,H,W] with known channels,"
          + " not " + x.shape().describe());
    }
    // fails here, before any parameter exists, when the output padding does not fit
    new Conv2dTranspose(spec, outputPadding, outputPadding);
    int channels = x.shape().dim(1);
    if (filters % spec.groups() != 0) {
      throw new ShapeException(filters + " output channels cannot be split into "
          + spec.groups() + " groups; use a multiple of the groups");
    }
    int perGroup = filters / spec.groups();
    int taps = kernel * kernel;
    int fanIn = Math.max(1, channels / spec.groups() * taps / (spec.strideH() * spec.strideW()));
    Node w = ctx.parameter("weight", Shape.of(channels, perGroup, kernel, kernel), init, fanIn,
        perGroup * taps, true);
    Node b = bias ? ctx.parameter("bias", Shape.of(filters), Initializers.zeros(), 1, 1, false)
        : null;
    return conv2dTranspose(x, w, b, spec, outputPadding, outputPadding);
  }
}
