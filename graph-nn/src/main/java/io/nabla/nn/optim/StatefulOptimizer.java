package io.nabla.nn.optim;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The bookkeeping optimizers share: a learning rate and named per-parameter buffers. */
abstract class StatefulOptimizer implements Optimizer {
  private final Map<String, Tensor> buffers = new TreeMap<>();
  private double learningRate;

  StatefulOptimizer(double learningRate) {
    setLearningRate(learningRate);
  }

  @Override
  public double learningRate() {
    return learningRate;
  }

  @Override
  public void setLearningRate(double rate) {
    Preconditions.checkArgument(rate >= 0 && Double.isFinite(rate),
        "learning rate must be finite and >= 0, not %s", rate);
    this.learningRate = rate;
  }

  /** The buffer {@code kind/name}, created as zeros shaped like {@code like} on first use. */
  float[] buffer(String kind, String name, Tensor like) {
    return buffers.computeIfAbsent(kind + "/" + name, k -> Tensor.zeros(like.shape())).data();
  }

  @Override
  public Map<String, Tensor> state() {
    Map<String, Tensor> copy = new LinkedHashMap<>();
    buffers.forEach((k, v) -> copy.put(k, v.copy()));
    return copy;
  }

  @Override
  public void loadState(Map<String, Tensor> state) {
    Map<String, Tensor> loaded = new TreeMap<>();
    state.forEach((k, v) -> {
      Tensor mine = buffers.get(k);
      Preconditions.checkArgument(mine == null || mine.shape().equals(v.shape()),
          "optimizer state '%s' is %s in the checkpoint but %s here", k, v.shape(),
          mine == null ? null : mine.shape());
      loaded.put(k, v.copy());
    });
    buffers.clear();
    buffers.putAll(loaded);
  }
}
