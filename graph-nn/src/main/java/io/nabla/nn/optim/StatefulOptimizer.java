package io.nabla.nn.optim;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bookkeeping every optimizer with per-parameter state needs, so that a new optimizer
 * writes only its update rule: a validated learning rate that schedules can change, buffers
 * named {@code kind/parameter} created as zeros on first use, and {@link #state()} /
 * {@link #loadState(Map)} for checkpoints and {@code Trainer.resume}. {@link Sgd} and
 * {@link Adam} are built on it.
 *
 * <pre>{@code
 * public final class RmsProp extends StatefulOptimizer {
 *   public RmsProp(double learningRate) { super(learningRate); }
 *
 *   public void step(List<Slot> slots) {
 *     float lr = (float) learningRate();
 *     for (Slot s : slots) {
 *       float[] p = s.value().data(), g = s.gradient().data();
 *       float[] v = buffer("rmsprop_v", s.name(), s.value());
 *       for (int i = 0; i < p.length; i++) {
 *         v[i] = 0.9f * v[i] + 0.1f * g[i] * g[i];
 *         p[i] -= lr * g[i] / ((float) Math.sqrt(v[i]) + 1e-8f);
 *       }
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>State that is not per parameter (Adam's step count) is added by overriding
 * {@link #state()} and {@link #loadState(Map)} and calling them on {@code super}.
 */
public abstract class StatefulOptimizer implements Optimizer {
  private final Map<String, Tensor> buffers = new TreeMap<>();
  private double learningRate;

  /**
   * @param learningRate finite and &gt;= 0
   * @throws IllegalArgumentException otherwise
   */
  protected StatefulOptimizer(double learningRate) {
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

  /**
   * The live buffer {@code kind/name} (e.g. {@code momentum/conv1/weight}), created as zeros
   * shaped like {@code like} on first use and kept across steps; it is what {@link #state()}
   * saves.
   *
   * @param kind the buffer's role, one word per kind of state ({@code momentum}, {@code adam_m})
   * @param name the parameter's name, {@link Optimizer.Slot#name()}
   * @param like the parameter's value: the buffer has its shape
   * @throws IllegalArgumentException when a buffer of that name exists with another shape (state
   *     loaded from another model)
   */
  protected final float[] buffer(String kind, String name, Tensor like) {
    String key = kind + "/" + name;
    Tensor buffer = buffers.computeIfAbsent(key, k -> Tensor.zeros(like.shape()));
    if (!buffer.shape().equals(like.shape())) {
      // not Preconditions: its varargs would allocate on every step
      throw new IllegalArgumentException("optimizer state '" + key + "' is "
          + buffer.shape().describe() + " but parameter '" + name + "' is "
          + like.shape().describe() + "; was the state loaded from another model?");
    }
    return buffer.data();
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
