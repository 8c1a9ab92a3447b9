package io.nabla.nn.layer;

import static io.nabla.ops.Ops.add;
import static io.nabla.ops.Ops.matmul;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.nn.init.Initializer;
import io.nabla.nn.init.Initializers;

/** A fully connected layer: {@code y = x · weight + bias}, input {@code [N, in]}. */
public final class Dense implements Layer {
  private final int units;
  private final Initializer init;
  private final boolean bias;

  /** {@code units} outputs, He-normal weights, zero bias. */
  public Dense(int units) {
    this(units, Initializers.heNormal(), true);
  }

  private Dense(int units, Initializer init, boolean bias) {
    Preconditions.checkArgument(units >= 1, "a dense layer needs at least one unit, not %s",
        units);
    this.units = units;
    this.init = init;
    this.bias = bias;
  }

  /** The same layer with other weight initialisation. */
  public Dense init(Initializer initializer) {
    return new Dense(units, initializer, bias);
  }

  /** The same layer without a bias (e.g. before batch norm). */
  public Dense withoutBias() {
    return new Dense(units, init, false);
  }

  @Override
  public String kind() {
    return "dense";
  }

  @Override
  public Node apply(Node x, LayerContext ctx) {
    if (x.shape().rank() != 2 || x.shape().dim(1) == Shape.UNKNOWN) {
      throw new ShapeException("a dense layer takes [N, features] with known features, not "
          + x.shape().describe() + "; add a Flatten layer before it");
    }
    int in = x.shape().dim(1);
    Node w = ctx.parameter("weight", Shape.of(in, units), init, in, units, true);
    Node y = matmul(x, w);
    if (bias) {
      y = add(y, ctx.parameter("bias", Shape.of(units), Initializers.zeros(), in, units, false));
    }
    return y;
  }
}
