package io.nabla.nn.layer;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.ops.nn.Padding;
import io.nabla.ops.nn.Window2d;

/**
 * A GoogLeNet Inception block: four branches on one input, concatenated on channels — a 1×1
 * convolution; a 1×1 reduction then a 3×3 convolution; a 1×1 reduction then a 5×5 convolution;
 * and a 3×3 max pool (stride 1) then a 1×1 projection. Every convolution is followed by batch
 * norm and ReLU (as in BN-Inception), and keeps the spatial size, so the output has
 * {@code b1 + b3 + b5 + poolProj} channels of the input's height and width.
 *
 * <p>It is written with the functional API inside a layer — a block of your own is written the
 * same way: apply layers to nodes with {@code ctx.apply}, join the branches with a {@link Merge}.
 */
public final class Inception implements Layer {
  private final int b1;
  private final int b3reduce;
  private final int b3;
  private final int b5reduce;
  private final int b5;
  private final int poolProj;

  /** GoogLeNet's six numbers, e.g. {@code Inception(64, 96, 128, 16, 32, 32)} for 3a. */
  public Inception(int b1, int b3reduce, int b3, int b5reduce, int b5, int poolProj) {
    Preconditions.checkArgument(b1 >= 1 && b3reduce >= 1 && b3 >= 1 && b5reduce >= 1 && b5 >= 1
            && poolProj >= 1,
        "every branch of an Inception block needs at least one channel, not (%s, %s, %s, %s, %s,"
            + " %s)", b1, b3reduce, b3, b5reduce, b5, poolProj);
    this.b1 = b1;
    this.b3reduce = b3reduce;
    this.b3 = b3;
    this.b5reduce = b5reduce;
    this.b5 = b5;
    this.poolProj = poolProj;
  }

  @Override
  public String kind() {
    return "inception";
  }

  /** The number of output channels. */
  public int channels() {
    return b1 + b3 + b5 + poolProj;
  }

  @Override
  public Node apply(Node x, LayerContext ctx) {
    Node one = convBnRelu(ctx, x, b1, 1);
    Node three = convBnRelu(ctx, convBnRelu(ctx, x, b3reduce, 1), b3, 3);
    Node five = convBnRelu(ctx, convBnRelu(ctx, x, b5reduce, 1), b5, 5);
    Node pooled = ctx.apply(new MaxPool(Window2d.of(3, 1, Padding.same())), x);
    Node pool = convBnRelu(ctx, pooled, poolProj, 1);
    return ctx.apply(Merge.concat(1), one, three, five, pool);
  }

  private static Node convBnRelu(LayerContext ctx, Node x, int filters, int kernel) {
    Node h = ctx.apply(new Conv(filters, kernel).padding(Padding.same()).withoutBias(), x);
    return ctx.apply(Activation.relu(), ctx.apply(new BatchNorm(), h));
  }
}
