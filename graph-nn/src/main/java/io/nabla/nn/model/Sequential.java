package io.nabla.nn.model;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.nn.layer.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * A network as a sequence of layers on one input:
 *
 * <pre>{@code
 * Model m = Sequential.input(1, 28, 28)
 *     .add(new Conv(6, 5).padding(2)).add(Activation.relu()).add(new MaxPool(2))
 *     .add(new Flatten()).add(new Dense(10))
 *     .build(42);
 * }</pre>
 *
 * Each layer gets a scope named after its kind and position ({@code conv1}, {@code dense2}) or
 * the name given; output shapes are checked as the model is built, and a shape error names the
 * layer.
 */
public final class Sequential {
  private final Shape featureShape;
  private final List<String> names = new ArrayList<>();
  private final List<Layer> layers = new ArrayList<>();

  private Sequential(Shape featureShape) {
    this.featureShape = featureShape;
  }

  /** A network whose examples have shape {@code featureDims} (the batch is added in front). */
  public static Sequential input(int... featureDims) {
    Shape s = Shape.of(featureDims);
    Preconditions.checkArgument(s.isKnown() && s.rank() >= 1,
        "the input shape of one example must be known, e.g. (784) or (1, 28, 28), not %s", s);
    return new Sequential(s);
  }

  /** Appends a layer named after its kind and position. */
  public Sequential add(Layer layer) {
    return add(null, layer);
  }

  /** Appends a layer with a scope name of its own ({@code null} = automatic). */
  public Sequential add(String name, Layer layer) {
    Preconditions.checkNotNull(layer, "layer is null");
    names.add(name);
    layers.add(layer);
    return this;
  }

  /**
   * Builds the graph, through a {@link ModelBuilder}: an input named {@code input}, the layers in
   * order, and their last node as the output named {@code output}. Parameters are drawn from a
   * random source seeded with {@code seed}.
   */
  public Model build(long seed) {
    Preconditions.checkState(!layers.isEmpty(), "a model needs at least one layer");
    ModelBuilder net = new ModelBuilder(seed);
    Node x = net.input("input", featureShape.dims());
    for (int i = 0; i < layers.size(); i++) {
      x = net.apply(names.get(i), layers.get(i), x);
    }
    return net.output("output", x).build();
  }
}
