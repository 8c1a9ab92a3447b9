package io.nabla.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerTest {

  private static Optimizer.Slot slot(Tensor p, float grad, boolean decays) {
    return new Optimizer.Slot("w", p, Tensor.vector(grad), decays);
  }

  @Test
  void plainSgdStepsAgainstTheGradient() {
    Tensor p = Tensor.vector(1f);
    new Sgd(0.1).step(List.of(slot(p, 2f, true)));
    assertEquals(0.8f, p.get(0), 1e-7f);
  }

  @Test
  void momentumAccumulatesVelocityAsPyTorchDoes() {
    Tensor p = Tensor.vector(1f);
    Sgd sgd = new Sgd(0.1, 0.9);
    sgd.step(List.of(slot(p, 1f, true)));  // v = 1, p = 0.9
    sgd.step(List.of(slot(p, 1f, true)));  // v = 1.9, p = 0.71
    assertEquals(0.71f, p.get(0), 1e-6f);
  }

  @Test
  void nesterovLooksAhead() {
    Tensor p = Tensor.vector(1f);
    Sgd sgd = new Sgd(0.1, 0.9, true, 0);
    sgd.step(List.of(slot(p, 1f, true)));  // v = 1, step g + μv = 1.9
    assertEquals(1f - 0.19f, p.get(0), 1e-6f);
  }

  @Test
  void weightDecaySkipsParametersThatDoNotDecay() {
    Tensor w = Tensor.vector(2f);
    Tensor b = Tensor.vector(2f);
    new Sgd(0.1, 0, false, 0.5).step(List.of(slot(w, 0f, true),
        new Optimizer.Slot("b", b, Tensor.vector(0f), false)));
    assertEquals(2f - 0.1f * 0.5f * 2f, w.get(0), 1e-6f);
    assertEquals(2f, b.get(0), 0f);
  }

  @Test
  void adamFirstStepMovesByTheLearningRate() {
    // bias-corrected m/√v = g/|g| on the first step, so the move is lr whatever the scale of g
    for (float g : new float[] {1e-3f, 5f}) {
      Tensor p = Tensor.vector(1f);
      new Adam(0.01).step(List.of(slot(p, g, true)));
      assertEquals(0.99f, p.get(0), 1e-5f);
    }
  }

  @Test
  void adamWDecaysWeightsDirectly() {
    Tensor p = Tensor.vector(1f);
    Adam.adamW(0.1, 0.1).step(List.of(slot(p, 0f, true)));
    assertEquals(1f - 0.1f * 0.1f, p.get(0), 1e-6f);
  }

  @Test
  void stateRoundTripsAndRefusesWrongShapes() {
    Tensor p = Tensor.vector(1f, 2f);
    Sgd sgd = new Sgd(0.1, 0.9);
    sgd.step(List.of(new Optimizer.Slot("w", p, Tensor.vector(1f, 1f), true)));
    Map<String, Tensor> state = sgd.state();
    assertEquals(Tensor.vector(1f, 1f), state.get("momentum/w"));
    Sgd other = new Sgd(0.1, 0.9);
    other.loadState(state);
    assertEquals(state.get("momentum/w"), other.state().get("momentum/w"));
    other.step(List.of(new Optimizer.Slot("w", Tensor.vector(1f, 2f), Tensor.vector(1f, 1f),
        true)));
    assertThrows(IllegalArgumentException.class,
        () -> other.loadState(Map.of("momentum/w", Tensor.vector(1f))));
  }

  @Test
  void invalidHyperParametersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Sgd(-1));
    assertThrows(IllegalArgumentException.class, () -> new Sgd(0.1, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new Adam(0.1, 1.0, 0.9, 1e-8, 0, false));
  }

  @Test
  void schedulesFollowTheirFormulas() {
    assertEquals(0.1, LearningRateSchedule.constant().rate(0.1, 7), 0);
    assertEquals(0.025, LearningRateSchedule.step(2, 0.5).rate(0.1, 5), 1e-12);
    LearningRateSchedule cos = LearningRateSchedule.cosine(10, 0.0);
    assertEquals(0.1, cos.rate(0.1, 0), 1e-12);
    assertEquals(0.05, cos.rate(0.1, 5), 1e-12);
    assertEquals(0.0, cos.rate(0.1, 10), 1e-12);
  }

  @Test
  void clippingKeepsDirectionAndCapsTheGlobalNorm() {
    Tensor a = Tensor.vector(3f);
    Tensor b = Tensor.vector(4f);
    double norm = GradientClipping.clipByGlobalNorm(List.of(a, b), 1.0);
    assertEquals(5.0, norm, 1e-9);
    assertEquals(0.6f, a.get(0), 1e-6f);
    assertEquals(0.8f, b.get(0), 1e-6f);
    Tensor small = Tensor.vector(0.1f);
    GradientClipping.clipByGlobalNorm(List.of(small), 1.0);
    assertTrue(small.get(0) == 0.1f, "under the limit nothing changes");
  }
}
