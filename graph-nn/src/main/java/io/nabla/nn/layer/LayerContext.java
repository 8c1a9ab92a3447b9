package io.nabla.nn.layer;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.init.Initializer;
import java.util.List;

/** What a layer may do while it builds: create parameters and running statistics. */
public interface LayerContext {

  Graph graph();

  /**
   * A trainable variable named {@code name} in the layer's scope, drawn from {@code init} with the
   * model's seeded random source. When the layer object is applied again, the variable of its
   * first application is returned instead (shared weights); its shape must then be the same.
   *
   * @param decays whether weight decay applies (weights yes; biases and norm scales no)
   */
  Node parameter(String name, Shape shape, Initializer init, int fanIn, int fanOut,
      boolean decays);

  /** A non-trainable variable (e.g. a running mean), saved in checkpoints; shared as above. */
  Node state(String name, Tensor initial);

  /**
   * After each training step, move {@code state} towards {@code batchValue}:
   * {@code state ← (1 − momentum)·state + momentum·batchValue·m/(m−1)} where {@code m} is the
   * value of {@code sampleCount} (pass null for no correction).
   */
  void runningAverage(Node state, Node batchValue, float momentum, Node sampleCount);

  /**
   * Builds {@code layer} on {@code inputs}, nested in the current layer (blocks are made of
   * layers): the functional API inside a block, e.g. an Inception block's branches.
   */
  Node apply(Layer layer, Node... inputs);

  /** As {@link #apply(Layer, Node...)} with a scope name of its own instead of kind + count. */
  Node apply(String name, Layer layer, List<Node> inputs);
}
