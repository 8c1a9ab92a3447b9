package io.nabla.spark;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.optim.Optimizer;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The driver optimizer's state ({@link Optimizer#state()}: momentum, moments, step counts) and
 * learning rate after {@code version} steps, as one immutable broadcast value for a local-SGD
 * round: every replica starts the round where the driver's optimizer is.
 */
final class OptimizerState implements Serializable {
  private static final long serialVersionUID = 1L;

  final long version;
  final double learningRate;
  private final Map<String, int[]> shapes;
  private final Map<String, float[]> values;

  private OptimizerState(long version, double learningRate, Map<String, int[]> shapes,
      Map<String, float[]> values) {
    this.version = version;
    this.learningRate = learningRate;
    this.shapes = shapes;
    this.values = values;
  }

  /** {@code optimizer}'s state now, as version {@code version}. */
  static OptimizerState of(Optimizer optimizer, long version) {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    Map<String, float[]> values = new LinkedHashMap<>();
    optimizer.state().forEach((name, t) -> {
      shapes.put(name, t.shape().dims());
      values.put(name, t.toArray());
    });
    return new OptimizerState(version, optimizer.learningRate(), shapes, values);
  }

  /** A state of {@code values} shaped {@code shapes} (same keys). */
  static OptimizerState of(long version, double learningRate, Map<String, int[]> shapes,
      Map<String, float[]> values) {
    return new OptimizerState(version, learningRate, shapes, values);
  }

  /** Replaces {@code optimizer}'s state and learning rate with these. */
  void loadInto(Optimizer optimizer) {
    Map<String, Tensor> state = new LinkedHashMap<>();
    values.forEach((name, v) -> state.put(name, Tensor.of(Shape.of(shapes.get(name)), v)));
    optimizer.loadState(state);
    optimizer.setLearningRate(learningRate);
  }
}
