package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.optim.Sgd;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trainers build in their own extension of the model's graph. */
class SeveralTrainersTest {

  @Test
  void twoTrainersInSequenceTrainOneModelAndTheModelsGraphDoesNotGrow() {
    Model model = Mlp.inputs(2).hidden(16).classes(2).build(3);
    int size = model.graph().size();
    Dataset data = Generated.spirals(400, 0.1, 7);
    Trainer sgd = Trainer.builder(model, new Sgd(0.1, 0.9)).seed(1).build();
    List<EpochRecord> first = sgd.fit(data, null, 3, 32);
    Trainer adam = Trainer.builder(model, new Adam(0.01)).seed(1).build();
    List<EpochRecord> second = adam.fit(data, null, 3, 32);
    assertTrue(second.get(2).trainLoss() < first.get(0).trainLoss(),
        first + " then " + second);
    for (int i = 0; i < 10; i++) {
      Trainer.builder(model, new Sgd(0.1)).build();
    }
    assertEquals(size, model.graph().size(), "trainers must not add nodes to the model's graph");
    assertNotSame(sgd.graph(), adam.graph());
    assertEquals("train/targets/output", sgd.graph().placeholders().get(1).name());
    assertTrue(adam.gradients().get(0).name().startsWith("train/grad/"),
        adam.gradients().get(0).name());
  }

  @Test
  void fitCalledAgainTrainsThatManyMoreEpochsAndFitUntilStopsAtATotal() {
    Model model = Mlp.inputs(2).hidden(8).classes(2).build(3);
    Dataset data = Generated.spirals(200, 0.1, 7);
    Trainer t = Trainer.builder(model, new Sgd(0.1)).build();
    t.fit(data, null, 2, 50);
    assertEquals(2, t.epochsCompleted());
    assertEquals(5, t.fit(data, null, 3, 50).size());
    assertEquals(5, t.fitUntil(data, null, 4, 50).size(), "4 in all are done already");
    assertEquals(6, t.fitUntil(data, null, 6, 50).size());
    assertEquals(24, t.steps());
    t.fitSteps(data, 7, 50);
    assertEquals(31, t.steps());
    assertEquals(6, t.epochsCompleted(), "steps do not count as epochs");
  }
}
