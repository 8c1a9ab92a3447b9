package io.nabla.nn.optim;

import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters in place from their gradients. Implementations keep per-parameter state
 * (momentum, moments) keyed by parameter name, exposed for checkpoints.
 */
public interface Optimizer {

  /** One parameter's live value, its gradient for this step, and whether weight decay applies. */
  record Slot(String name, Tensor value, Tensor gradient, boolean decays) {}

  /** Applies one update to every slot. */
  void step(List<Slot> slots);

  double learningRate();

  /** Sets the learning rate used from the next step on (schedules call this). */
  void setLearningRate(double rate);

  /** The state to checkpoint, e.g. {@code momentum/conv1/weight}; copies. */
  Map<String, Tensor> state();

  /** Restores state saved by {@link #state()}; mis-shaped entries are refused. */
  void loadState(Map<String, Tensor> state);
}
