package io.nabla.nn.optim;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adam with bias-corrected moments. Weight decay is either coupled L2 added to the gradient
 * (Adam) or decoupled, shrinking the weights directly (AdamW, {@link #adamW}).
 */
public final class Adam extends StatefulOptimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final boolean decoupled;
  private long steps;

  /** Adam with β1 0.9, β2 0.999, ε 1e-8, no weight decay. */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8, 0, false);
  }

  /** AdamW: Adam with decoupled weight decay. */
  public static Adam adamW(double learningRate, double weightDecay) {
    return new Adam(learningRate, 0.9, 0.999, 1e-8, weightDecay, true);
  }

  public Adam(double learningRate, double beta1, double beta2, double epsilon,
      double weightDecay, boolean decoupled) {
    super(learningRate);
    Preconditions.checkArgument(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1,
        "betas must be in [0, 1), not %s and %s", beta1, beta2);
    Preconditions.checkArgument(epsilon > 0, "epsilon must be > 0, not %s", epsilon);
    Preconditions.checkArgument(weightDecay >= 0, "weight decay must be >= 0, not %s",
        weightDecay);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }

  @Override
  public void step(List<Slot> slots) {
    steps++;
    double lr = learningRate();
    float c1 = (float) (1 - Math.pow(beta1, steps));
    float c2 = (float) (1 - Math.pow(beta2, steps));
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float eps = (float) epsilon;
    for (Slot s : slots) {
      float[] p = s.value().data();
      float[] g = s.gradient().data();
      float[] m = buffer("adam_m", s.name(), s.value());
      float[] v = buffer("adam_v", s.name(), s.value());
      float decay = s.decays() ? (float) weightDecay : 0f;
      float step = (float) lr;
      for (int i = 0; i < s.value().size(); i++) {
        float gi = decoupled ? g[i] : g[i] + decay * p[i];
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        float update = (m[i] / c1) / ((float) Math.sqrt(v[i] / c2) + eps);
        p[i] -= step * (update + (decoupled ? decay * p[i] : 0f));
      }
    }
  }

  @Override
  public Map<String, Tensor> state() {
    Map<String, Tensor> s = super.state();
    s.put("adam_steps", Tensor.scalar(steps));
    return s;
  }

  @Override
  public void loadState(Map<String, Tensor> state) {
    Map<String, Tensor> rest = new java.util.LinkedHashMap<>(state);
    Tensor t = rest.remove("adam_steps");
    steps = t == null ? 0 : (long) t.item();
    super.loadState(rest);
  }
}
