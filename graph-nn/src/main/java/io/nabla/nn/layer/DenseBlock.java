package io.nabla.nn.layer;

import static io.nabla.ops.NnOps.concat;
import static io.nabla.ops.Ops.relu;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.ops.nn.Padding;

/**
 * A DenseNet block: each of {@code layers} steps computes {@code growth} new channels
 * (batch norm, ReLU, 3×3 convolution) from everything before it and concatenates them onto its
 * input, so the output has {@code C + layers·growth} channels.
 */
public final class DenseBlock implements Layer {
  private final int layers;
  private final int growth;

  public DenseBlock(int layers, int growth) {
    Preconditions.checkArgument(layers >= 1 && growth >= 1,
        "a dense block needs layers >= 1 and growth >= 1, not %s and %s", layers, growth);
    this.layers = layers;
    this.growth = growth;
  }

  @Override
  public String kind() {
    return "denseblock";
  }

  @Override
  public Node apply(Node x, LayerContext ctx) {
    Node features = x;
    for (int i = 0; i < layers; i++) {
      Node h = relu(ctx.apply(new BatchNorm(), features));
      h = ctx.apply(new Conv(growth, 3).padding(Padding.same()).withoutBias(), h);
      features = concat(1, features, h);
    }
    return features;
  }
}
