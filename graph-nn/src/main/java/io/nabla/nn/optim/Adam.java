package io.nabla.nn.optim;

import com.google.common.base.Preconditions;
import io.nabla.core.exec.Parallel;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adam with bias-corrected moments, in the arithmetic of PyTorch's {@code torch.optim.Adam}
 * and {@code AdamW} (see {@link #step}). Weight decay is either coupled L2 added to the gradient
 * (Adam) or decoupled, shrinking the weights directly (AdamW, {@link #adamW}).
 */
public final class Adam extends StatefulOptimizer {
  /** Parameters per parallel chunk of the update: smaller ones are not worth a hand-off. */
  private static final int GRAIN = 16_384;
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

  /**
   * One step in PyTorch's arithmetic ({@code torch.optim.Adam}, {@code AdamW}): each coefficient
   * is rounded to float32 from its double, {@code 1 − β} included, so that the bias corrections
   * (in double) undo exactly what the moments were scaled by and the first step is at most the
   * learning rate (up to the rounding of the step itself); ε is added to {@code √v / √(1 − β2ᵗ)},
   * after the bias correction, and the step is {@code p −= lr / (1 − β1ᵗ) · m / denominator}.
   */
  @Override
  public void step(List<Slot> slots) {
    steps++;
    double lr = learningRate();
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    // Rounding β first and then forming 1 − β in float32 gave 1 − 0.9f = 0.100000024 against the
    // correction's 0.1, a first step of 1.00001 × lr.
    float oneMinusB1 = (float) (1 - beta1);
    float oneMinusB2 = (float) (1 - beta2);
    float eps = (float) epsilon;
    float negativeStepSize = (float) (-lr / (1 - Math.pow(beta1, steps)));
    float correction2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, steps));
    for (Slot s : slots) {
      float[] p = s.value().data();
      float[] g = s.gradient().data();
      float[] m = buffer("adam_m", s.name(), s.value());
      float[] v = buffer("adam_v", s.name(), s.value());
      double decay = s.decays() ? weightDecay : 0;
      int n = s.value().size();
      // two plain loops without selects, so that the JIT vectorises them (one loop with the
      // coupled/decoupled choice inside took 5 ns per parameter); element-wise, so splitting a
      // large parameter between the cores changes no value
      if (decoupled) {
        float shrink = (float) (1 - lr * decay);
        Parallel.range(n, GRAIN, (from, to) -> {
          for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = m[i] * b1 + oneMinusB1 * gi;
            float vi = v[i] * b2 + oneMinusB2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            float denominator = (float) Math.sqrt(vi) / correction2Sqrt + eps;
            p[i] = p[i] * shrink + negativeStepSize * (mi / denominator);
          }
        });
      } else {
        float coupled = (float) decay;
        Parallel.range(n, GRAIN, (from, to) -> {
          for (int i = from; i < to; i++) {
            float gi = g[i] + coupled * p[i];
            float mi = m[i] * b1 + oneMinusB1 * gi;
            float vi = v[i] * b2 + oneMinusB2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            float denominator = (float) Math.sqrt(vi) / correction2Sqrt + eps;
            p[i] += negativeStepSize * (mi / denominator);
          }
        });
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
    // rounded, not truncated: a count averaged over replicas may come back as 2.9999998
    steps = t == null ? 0 : Math.round((double) t.item());
    super.loadState(rest);
  }
}
