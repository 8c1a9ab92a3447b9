package io.nabla.nn.layer;

import static io.nabla.ops.Ops.reshape;

import io.nabla.core.graph.Node;

/** Gives each example a new shape of equal size: {@code new Reshape(1, 28, 28)}. */
public final class Reshape implements Layer {
  private final int[] featureDims;

  public Reshape(int... featureDims) {
    this.featureDims = featureDims.clone();
  }

  @Override
  public String kind() {
    return "reshape";
  }

  @Override
  public Node apply(Node x, LayerContext ctx) {
    int[] dims = new int[featureDims.length + 1];
    dims[0] = -1;
    System.arraycopy(featureDims, 0, dims, 1, featureDims.length);
    return reshape(x, dims);
  }
}
