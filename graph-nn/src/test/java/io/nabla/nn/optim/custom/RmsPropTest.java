package io.nabla.nn.optim.custom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nabla.core.tensor.Tensor;
import io.nabla.nn.optim.Optimizer.Slot;
import io.nabla.nn.optim.StatefulOptimizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An optimizer written outside the library's package, as a user would: RMSprop on the public
 * base class, which gives it the learning rate, the buffers and the checkpointable state.
 */
class RmsPropTest {
  /** RMSprop (Hinton's lecture 6e): a running mean of squared gradients scales each step. */
  static final class RmsProp extends StatefulOptimizer {
    private final float rho;
    private final float epsilon;

    RmsProp(double learningRate, double rho, double epsilon) {
      super(learningRate);
      this.rho = (float) rho;
      this.epsilon = (float) epsilon;
    }

    @Override
    public void step(List<Slot> slots) {
      float lr = (float) learningRate();
      for (Slot s : slots) {
        float[] p = s.value().data();
        float[] g = s.gradient().data();
        float[] v = buffer("rmsprop_v", s.name(), s.value());
        for (int i = 0; i < p.length; i++) {
          v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
          p[i] -= lr * g[i] / ((float) Math.sqrt(v[i]) + epsilon);
        }
      }
    }
  }

  private static Slot slot(String name, Tensor value, float... gradient) {
    return new Slot(name, value, Tensor.of(gradient, gradient.length), false);
  }

  @Test
  void twoStepsMatchHandComputedValues() {
    RmsProp opt = new RmsProp(0.01, 0.9, 1e-8);
    Tensor w = Tensor.of(new float[] {1f, -2f}, 2);

    opt.step(List.of(slot("w", w, 0.5f, -1f)));
    // v = 0.1·g², so the first step is lr·g/|g|·√10 = 0.0316228 against the gradient's sign
    assertArrayEquals(new float[] {0.9683772f, -1.9683772f}, w.data(), 1e-6f);

    opt.step(List.of(slot("w", w, 0.5f, -1f)));
    // v = 0.9·0.1·g² + 0.1·g² = 0.19·g²: the step is lr/√0.19 = 0.0229416
    assertArrayEquals(new float[] {0.9454356f, -1.9454356f}, w.data(), 1e-6f);
  }

  @Test
  void itMinimisesAQuadratic() {
    RmsProp opt = new RmsProp(0.05, 0.9, 1e-8);
    Tensor w = Tensor.of(new float[] {-4f, 0f, 10f}, 3);
    for (int step = 0; step < 400; step++) {
      float[] g = new float[3];
      for (int i = 0; i < 3; i++) {
        g[i] = 2 * (w.data()[i] - 3); // d/dw (w − 3)²
      }
      opt.step(List.of(slot("w", w, g)));
    }
    assertArrayEquals(new float[] {3f, 3f, 3f}, w.data(), 0.1f);
  }

  @Test
  void itsStateIsSavedAndRestoredByTheBaseClass() {
    RmsProp first = new RmsProp(0.01, 0.9, 1e-8);
    Tensor a = Tensor.of(new float[] {1f, 2f}, 2);
    first.step(List.of(slot("w", a, 0.5f, 0.25f)));
    Map<String, Tensor> saved = first.state();
    assertEquals(List.of("rmsprop_v/w"), List.copyOf(saved.keySet()));

    RmsProp resumed = new RmsProp(0.01, 0.9, 1e-8);
    resumed.loadState(saved);
    Tensor b = a.copy();
    first.step(List.of(slot("w", a, 0.5f, 0.25f)));
    resumed.step(List.of(slot("w", b, 0.5f, 0.25f)));

    assertArrayEquals(a.data(), b.data(), 0f);
  }

  @Test
  void stateOfAnotherShapeIsRefusedNamingTheBufferAndTheParameter() {
    RmsProp opt = new RmsProp(0.01, 0.9, 1e-8);
    opt.loadState(Map.of("rmsprop_v/w", Tensor.zeros(3)));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> opt.step(List.of(slot("w", Tensor.of(new float[] {1f, 2f}, 2), 0.5f, 0.5f))));
    assertEquals("optimizer state 'rmsprop_v/w' is f32[3] but parameter 'w' is f32[2]; "
        + "was the state loaded from another model?", e.getMessage());
  }

  @Test
  void theLearningRateIsValidatedByTheBaseClass() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RmsProp(-1, 0.9, 1e-8));
    assertEquals("learning rate must be finite and >= 0, not -1.0", e.getMessage());
  }
}
