package io.nabla.nn.optim;

import com.google.common.base.Preconditions;
import io.nabla.core.exec.Parallel;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum (heavy-ball or Nesterov) and L2 weight
 * decay, with PyTorch's update: {@code g = ∇ + λp; v = μv + g; p −= lr·(nesterov ? g + μv : v)}.
 */
public final class Sgd extends StatefulOptimizer {
  private final double momentum;
  private final boolean nesterov;
  private final double weightDecay;
  /** Parameters per parallel chunk of the update: smaller ones are not worth a hand-off. */
  private static final int GRAIN = 32_768;

  /** Plain SGD. */
  public Sgd(double learningRate) {
    this(learningRate, 0, false, 0);
  }

  /** SGD with heavy-ball momentum. */
  public Sgd(double learningRate, double momentum) {
    this(learningRate, momentum, false, 0);
  }

  public Sgd(double learningRate, double momentum, boolean nesterov, double weightDecay) {
    super(learningRate);
    Preconditions.checkArgument(momentum >= 0 && momentum < 1,
        "momentum must be in [0, 1), not %s", momentum);
    Preconditions.checkArgument(!nesterov || momentum > 0, "Nesterov needs momentum > 0");
    Preconditions.checkArgument(weightDecay >= 0, "weight decay must be >= 0, not %s",
        weightDecay);
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
  }

  @Override
  public void step(List<Slot> slots) {
    float lr = (float) learningRate();
    float mu = (float) momentum;
    for (Slot s : slots) {
      float[] p = s.value().data();
      float[] g = s.gradient().data();
      float decay = s.decays() ? (float) weightDecay : 0f;
      float[] v = mu == 0f ? null : buffer("momentum", s.name(), s.value());
      // element-wise, so splitting a large parameter between the cores changes no value
      Parallel.range(s.value().size(), GRAIN, (from, to) -> update(p, g, v, lr, mu, decay,
          from, to));
    }
  }

  private void update(float[] p, float[] g, float[] v, float lr, float mu, float decay,
      int from, int to) {
    // one loop per variant, without a select inside, so that the JIT vectorises it
    if (v == null) {
      for (int i = from; i < to; i++) {
        p[i] -= lr * (g[i] + decay * p[i]);
      }
    } else if (nesterov) {
      for (int i = from; i < to; i++) {
        float gi = g[i] + decay * p[i];
        float vi = mu * v[i] + gi;
        v[i] = vi;
        p[i] -= lr * (gi + mu * vi);
      }
    } else {
      for (int i = from; i < to; i++) {
        float vi = mu * v[i] + (g[i] + decay * p[i]);
        v[i] = vi;
        p[i] -= lr * vi;
      }
    }
  }
}
