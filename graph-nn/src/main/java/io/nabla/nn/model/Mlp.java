package io.nabla.nn.model;

import com.google.common.base.Preconditions;
import io.nabla.nn.layer.Activation;
import io.nabla.nn.layer.Dense;
import io.nabla.nn.layer.Dropout;
import io.nabla.nn.layer.Flatten;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-layer perceptron in a few words:
 * {@code Mlp.inputs(784).hidden(256, 128).activation("relu").dropout(0.2).classes(10).build(1)}.
 * Images are flattened first, so {@code inputs(1, 28, 28)} works too.
 */
public final class Mlp {
  private final int[] inputShape;
  private final List<Integer> hidden = new ArrayList<>();
  private String activation = "relu";
  private double dropout;
  private int classes = -1;

  private Mlp(int[] inputShape) {
    this.inputShape = inputShape.clone();
  }

  /** The shape of one example. */
  public static Mlp inputs(int... shape) {
    return new Mlp(shape);
  }

  /** Hidden layer widths, first to last. */
  public Mlp hidden(int... units) {
    for (int u : units) {
      hidden.add(u);
    }
    return this;
  }

  /** The hidden layers' non-linearity, by name (relu, tanh, sigmoid, gelu, …). */
  public Mlp activation(String name) {
    Activation.named(name);
    this.activation = name;
    return this;
  }

  /** Dropout probability after each hidden layer (0 = none). */
  public Mlp dropout(double p) {
    Preconditions.checkArgument(p >= 0 && p < 1, "dropout must be in [0, 1), not %s", p);
    this.dropout = p;
    return this;
  }

  /** Number of output classes (the output layer gives one score each). */
  public Mlp classes(int n) {
    Preconditions.checkArgument(n >= 2, "a classifier needs at least 2 classes, not %s", n);
    this.classes = n;
    return this;
  }

  /** The layers, to extend before building. */
  public Sequential sequential() {
    Preconditions.checkState(classes > 0, "say how many classes the MLP predicts: classes(n)");
    Sequential s = Sequential.input(inputShape);
    if (inputShape.length > 1) {
      s.add(new Flatten());
    }
    for (int units : hidden) {
      s.add(new Dense(units)).add(Activation.named(activation));
      if (dropout > 0) {
        s.add(new Dropout(dropout));
      }
    }
    return s.add(new Dense(classes));
  }

  public Model build(long seed) {
    return sequential().build(seed);
  }
}
