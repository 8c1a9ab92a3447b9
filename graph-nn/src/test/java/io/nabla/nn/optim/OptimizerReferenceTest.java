package io.nabla.nn.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Adam, AdamW and SGD against their formulas written out here in float64, in PyTorch's
 * conventions, over {@value #STEPS} steps of one gradient sequence. The gradients span eight
 * decades (1e-7 to 10) and change sign, so the place of ε and the bias corrections both show.
 *
 * <p>The difference is {@code max|nabla − reference| / max|reference|} over the weights after
 * every step; float32 rounding alone gives a few 1e-7. The reference formulas:
 *
 * <ul>
 *   <li>Adam: {@code g += λp} (coupled); {@code m = β1·m + (1 − β1)·g}; {@code v = β2·v + (1 −
 *       β2)·g²}; {@code p −= lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε)}.
 *   <li>AdamW: as Adam without the coupled term, after {@code p ·= 1 − lr·λ}.
 *   <li>SGD: {@code g += λp}; {@code b = μ·b + g} ({@code b = g} on the first step, the same
 *       from zeros); {@code p −= lr · (nesterov ? g + μ·b : b)}.
 * </ul>
 */
class OptimizerReferenceTest {
  static final int STEPS = 20;
  static final int SIZE = 96;
  private static final double TOLERANCE = 1e-6;

  /** Initial weights in (−0.5, 0.5). */
  static float[] initialWeights() {
    Random r = new Random(11);
    float[] p = new float[SIZE];
    for (int i = 0; i < SIZE; i++) {
      p[i] = r.nextFloat() - 0.5f;
    }
    return p;
  }

  /**
   * {@value #STEPS} gradients: element i has a magnitude of 10^(1 − 8i/SIZE) times a random
   * factor in [0.5, 1.5) and a random sign each step; every 16th element is 0 on every other
   * step.
   */
  static float[][] gradients() {
    Random r = new Random(12);
    float[][] g = new float[STEPS][SIZE];
    for (int t = 0; t < STEPS; t++) {
      for (int i = 0; i < SIZE; i++) {
        double scale = Math.pow(10, 1 - 8.0 * i / SIZE);
        double sign = r.nextBoolean() ? 1 : -1;
        g[t][i] = i % 16 == 0 && t % 2 == 1 ? 0f : (float) (sign * scale * (0.5 + r.nextDouble()));
      }
    }
    return g;
  }

  /** Nabla's weights after each step: {@code [STEPS][SIZE]}. */
  static float[][] run(Optimizer optimizer, boolean decays) {
    Tensor p = Tensor.of(initialWeights(), SIZE);
    float[][] g = gradients();
    float[][] out = new float[STEPS][];
    for (int t = 0; t < STEPS; t++) {
      optimizer.step(List.of(new Optimizer.Slot("w", p, Tensor.of(g[t].clone(), SIZE), decays)));
      out[t] = p.data().clone();
    }
    return out;
  }

  static double[][] adam(double lr, double beta1, double beta2, double eps, double decay,
      boolean decoupled) {
    double[] p = toDouble(initialWeights());
    double[] m = new double[SIZE];
    double[] v = new double[SIZE];
    float[][] g = gradients();
    double[][] out = new double[STEPS][];
    for (int t = 1; t <= STEPS; t++) {
      for (int i = 0; i < SIZE; i++) {
        double gi = g[t - 1][i];
        if (decoupled) {
          p[i] *= 1 - lr * decay;
        } else {
          gi += decay * p[i];
        }
        m[i] = beta1 * m[i] + (1 - beta1) * gi;
        v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
        double mHat = m[i] / (1 - Math.pow(beta1, t));
        double vHat = v[i] / (1 - Math.pow(beta2, t));
        p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
      }
      out[t - 1] = p.clone();
    }
    return out;
  }

  static double[][] sgd(double lr, double momentum, boolean nesterov, double decay) {
    double[] p = toDouble(initialWeights());
    double[] b = new double[SIZE];
    float[][] g = gradients();
    double[][] out = new double[STEPS][];
    for (int t = 0; t < STEPS; t++) {
      for (int i = 0; i < SIZE; i++) {
        double gi = g[t][i] + decay * p[i];
        b[i] = t == 0 ? gi : momentum * b[i] + gi;
        p[i] -= lr * (nesterov ? gi + momentum * b[i] : b[i]);
      }
      out[t] = p.clone();
    }
    return out;
  }

  private static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  /** The largest {@code max|a − b| / max|b|} over the steps, and the step where it occurred. */
  static void assertAgree(String what, float[][] nabla, double[][] reference, double bar) {
    double worst = 0;
    int worstStep = 0;
    for (int t = 0; t < STEPS; t++) {
      double error = 0;
      double scale = Double.MIN_NORMAL;
      for (int i = 0; i < SIZE; i++) {
        double e = Math.abs(nabla[t][i] - reference[t][i]);
        error = Double.isNaN(e) ? Double.NaN : Math.max(error, e);
        scale = Math.max(scale, Math.abs(reference[t][i]));
      }
      double d = error / scale;
      if (!(d <= worst)) {
        worst = d;
        worstStep = t + 1;
      }
    }
    System.out.printf("%s: largest relative difference %.3g (step %d)%n", what, worst,
        worstStep);
    double w = worst;
    int s = worstStep;
    assertTrue(w <= bar, () -> what + " leaves the float64 formulas by " + w + " at step " + s
        + " (bar " + bar + ")");
  }

  @Test
  void adamFollowsTheFormulas() {
    assertAgree("Adam", run(new Adam(0.05), true), adam(0.05, 0.9, 0.999, 1e-8, 0, false),
        TOLERANCE);
  }

  @Test
  void adamWithOtherBetasAndCoupledDecayFollowsTheFormulas() {
    assertAgree("Adam(β 0.8, 0.99, ε 1e-6, λ 0.1)",
        run(new Adam(0.05, 0.8, 0.99, 1e-6, 0.1, false), true),
        adam(0.05, 0.8, 0.99, 1e-6, 0.1, false), TOLERANCE);
  }

  @Test
  void adamWFollowsTheFormulas() {
    assertAgree("AdamW(λ 0.1)", run(Adam.adamW(0.05, 0.1), true),
        adam(0.05, 0.9, 0.999, 1e-8, 0.1, true), TOLERANCE);
  }

  @Test
  void adamWithoutDecayForThisSlotIgnoresTheDecay() {
    assertAgree("AdamW(λ 0.1) on a slot that does not decay", run(Adam.adamW(0.05, 0.1), false),
        adam(0.05, 0.9, 0.999, 1e-8, 0, true), TOLERANCE);
  }

  @Test
  void sgdFollowsTheFormulas() {
    assertAgree("SGD", run(new Sgd(0.01), true), sgd(0.01, 0, false, 0), TOLERANCE);
    assertAgree("SGD(μ 0.9)", run(new Sgd(0.01, 0.9), true), sgd(0.01, 0.9, false, 0),
        TOLERANCE);
    assertAgree("SGD(μ 0.9, λ 0.01)", run(new Sgd(0.01, 0.9, false, 0.01), true),
        sgd(0.01, 0.9, false, 0.01), TOLERANCE);
    assertAgree("SGD(μ 0.9, Nesterov, λ 0.01)", run(new Sgd(0.01, 0.9, true, 0.01), true),
        sgd(0.01, 0.9, true, 0.01), TOLERANCE);
  }

  /**
   * On the first step the bias-corrected ratio is {@code g / (|g| + ε)}, so no weight moves by
   * more than lr, whatever the gradient's scale; in float32 the step may round one ulp above
   * {@code (float) lr} by two ulps, as PyTorch's does (measured with torch 1.13 over these
   * gradients: up to 2 ulps). Rounding β before forming 1 − β went 56 ulps over. A weight at 0
   * shows the step without the rounding of {@code p − step}.
   */
  @Test
  void adamsFirstStepIsAtMostTheLearningRate() {
    float[] g = new float[2001];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) Math.pow(10, -7 + 14.0 * i / (g.length - 1)) * (i % 2 == 0 ? 1 : -1);
    }
    for (double lr : new double[] {1e-3, 3e-3, 0.01, 0.1, 1}) {
      for (Adam adam : new Adam[] {new Adam(lr), Adam.adamW(lr, 0.01),
          new Adam(lr, 0.8, 0.99, 1e-6, 0, false)}) {
        Tensor p = Tensor.zeros(g.length);
        adam.step(List.of(new Optimizer.Slot("w", p, Tensor.of(g.clone(), g.length), true)));
        float bound = (float) lr + 2 * Math.ulp((float) lr);
        for (int i = 0; i < g.length; i++) {
          float moved = Math.abs(p.get(i));
          int at = i;
          assertTrue(moved <= bound, () -> "lr " + lr + ": a gradient of " + g[at]
              + " moved the weight by " + moved + ", more than " + bound);
        }
      }
    }
  }
}
