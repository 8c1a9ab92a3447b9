package io.nabla.nn.layer;

import static io.nabla.ops.Ops.add;
import static io.nabla.ops.Ops.relu;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.ops.nn.Padding;

/**
 * A ResNet basic block: two 3×3 convolutions with batch norm, and a skip connection added to
 * their output before the final ReLU, {@code y = relu(F(x) + shortcut(x))}. The shortcut is x
 * itself, or a 1×1 convolution with batch norm when the stride or channel count changes.
 */
public final class ResidualBlock implements Layer {
  private final int channels;
  private final int stride;

  /** A block keeping the spatial size, with {@code channels} output channels. */
  public ResidualBlock(int channels) {
    this(channels, 1);
  }

  /** A block with {@code channels} outputs that downsamples by {@code stride}. */
  public ResidualBlock(int channels, int stride) {
    Preconditions.checkArgument(channels >= 1 && stride >= 1,
        "a residual block needs channels >= 1 and stride >= 1, not %s and %s", channels, stride);
    this.channels = channels;
    this.stride = stride;
  }

  @Override
  public String kind() {
    return "res";
  }

  @Override
  public Node apply(Node x, LayerContext ctx) {
    Node h = ctx.apply(new Conv(channels, 3).stride(stride).padding(Padding.same())
        .withoutBias(), x);
    h = relu(ctx.apply(new BatchNorm(), h));
    h = ctx.apply(new Conv(channels, 3).padding(Padding.same()).withoutBias(), h);
    h = ctx.apply(new BatchNorm(), h);
    Node shortcut = x;
    if (stride != 1 || x.shape().dim(1) != channels) {
      shortcut = ctx.apply(new Conv(channels, 1).stride(stride).withoutBias(), x);
      shortcut = ctx.apply(new BatchNorm(), shortcut);
    }
    return relu(add(h, shortcut));
  }
}
