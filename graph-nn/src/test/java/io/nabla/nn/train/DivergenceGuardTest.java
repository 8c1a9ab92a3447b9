package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The default guard that stops a diverging run before its update, keeping the good weights. */
class DivergenceGuardTest {
  private static final String FIX = ". Lower the learning rate or clip the gradients "
      + "(TrainerBuilder.clipGradientNorm); TrainerBuilder.trapNonFinite(true) names the node "
      + "that first produced the non-finite value; TrainerBuilder.stopOnNonFinite(false) turns"
      + " this check off";

  @Test
  void finiteLossAndGradientsPass() {
    assertDoesNotThrow(() -> DivergenceGuard.check(1, 0.5, List.of("w"),
        List.of(Tensor.vector(1, -2, Float.MAX_VALUE))));
  }

  @Test
  void aNonFiniteLossIsNamedWithTheStep() {
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> DivergenceGuard.check(7, Double.NaN, List.of("w"), List.of(Tensor.vector(1))));
    assertEquals(7, e.step());
    assertEquals("training diverged at step 7: the loss is NaN. The update was not applied, so "
        + "the weights are those after step 6" + FIX, e.getMessage());
  }

  @Test
  void aNonFiniteGradientIsNamedWithItsParameterAndElement() {
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> DivergenceGuard.check(3, 2.5, List.of("dense1/weight", "dense1/bias"),
            List.of(Tensor.vector(1, 2), Tensor.vector(0, Float.NEGATIVE_INFINITY))));
    assertEquals("training diverged at step 3: the loss is 2.5 but the gradient of "
        + "'dense1/bias' holds -Infinity at element 1. The update was not applied, so the "
        + "weights are those after step 2" + FIX, e.getMessage());
  }

  @Test
  void aHugeLearningRateStopsTrainingWithTheLastGoodWeights() {
    Dataset data = Generated.moons(64, 0.1, 1);
    Model model = Mlp.inputs(2).hidden(16).hidden(16).classes(2).build(2);
    Trainer trainer = Trainer.builder(model, new Sgd(1e6)).seed(1).build();
    List<Batch> batches = data.batches(16, new Random(3));

    DivergenceException stopped = null;
    List<float[]> before = null;
    for (int i = 0; i < 200 && stopped == null; i++) {
      before = weights(model);
      try {
        trainer.step(batches.get(i % batches.size()));
      } catch (DivergenceException e) {
        stopped = e;
      }
    }

    assertTrue(stopped != null, "Sgd(1e6) diverges within 200 steps");
    assertEquals(trainer.steps() + 1, stopped.step(), "the refused step is not counted");
    assertTrue(stopped.getMessage().startsWith("training diverged at step " + stopped.step()
        + ": the loss is "), stopped.getMessage());
    assertTrue(stopped.getMessage().contains("trapNonFinite(true)"), stopped.getMessage());
    List<float[]> after = weights(model);
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), after.get(i), 0f, "weights unchanged by the bad step");
      for (float v : after.get(i)) {
        assertTrue(Float.isFinite(v), "the kept weights are finite");
      }
    }
  }

  @Test
  void theGuardCanBeTurnedOff() {
    Dataset data = Generated.moons(64, 0.1, 1);
    Model model = Mlp.inputs(2).hidden(16).hidden(16).classes(2).build(2);
    Trainer trainer = Trainer.builder(model, new Sgd(1e6)).seed(1).stopOnNonFinite(false).build();

    List<EpochRecord> history = trainer.fit(data, null, 20, 16);

    assertTrue(Double.isNaN(history.get(history.size() - 1).trainLoss()),
        "without the guard the run goes on with a NaN loss");
  }

  private static List<float[]> weights(Model model) {
    List<float[]> w = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      w.add(model.session().value(p.variable()).toArray());
    }
    return w;
  }
}
