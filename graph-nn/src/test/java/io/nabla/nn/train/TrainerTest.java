package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyDouble;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.model.Cnn;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.optim.LearningRateSchedule;
import io.nabla.nn.optim.Sgd;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

  @Test
  void mlpSeparatesTheTwoSpirals() {
    Dataset spirals = Generated.spirals(600, 0.02, 1);
    Model model = Mlp.inputs(2).hidden(64, 64).activation("tanh").classes(2).build(1);
    Trainer trainer = Trainer.builder(model, new Adam(0.01))
        .schedule(LearningRateSchedule.cosine(150, 0.0005)).seed(1).build();
    List<EpochRecord> history = trainer.fit(spirals, null, 150, 32);
    assertTrue(history.get(history.size() - 1).trainLoss() < history.get(0).trainLoss() / 5,
        "loss fell: " + history.get(0).trainLoss() + " → "
            + history.get(history.size() - 1).trainLoss());
    double accuracy = trainer.evaluate(spirals).accuracy();
    assertTrue(accuracy >= 0.98, "training accuracy " + accuracy);
  }

  @Test
  void listenersHearEveryEpochAndBatch() {
    Dataset data = Generated.xor(100, 0.1, 2);
    Model model = Mlp.inputs(2).hidden(8).classes(2).build(2);
    TrainingListener listener = mock(TrainingListener.class);
    Trainer.builder(model, new Sgd(0.1)).listener(listener).build().fit(data, data, 3, 25);
    verify(listener, times(3)).epochStarted(anyInt(), eq(4));
    verify(listener, times(12)).batchFinished(anyInt(), anyInt(), anyDouble());
    verify(listener, times(3)).epochFinished(any(EpochRecord.class));
  }

  @Test
  void earlyStoppingStopsWhenNothingImproves() {
    Dataset data = Generated.xor(64, 0.1, 3);
    Model model = Mlp.inputs(2).hidden(4).classes(2).build(3);
    List<EpochRecord> history = Trainer.builder(model, new Sgd(0.0)).earlyStopping(2).build()
        .fit(data, data, 20, 16);
    assertEquals(3, history.size(), "one best epoch, then two without improvement");
  }

  @Test
  void sameSeedSameWeights() {
    Dataset data = Generated.moons(200, 0.1, 4);
    float[][] weights = new float[2][];
    for (int run = 0; run < 2; run++) {
      Model model = Mlp.inputs(2).hidden(16).dropout(0.3).classes(2).build(9);
      Trainer.builder(model, new Sgd(0.1, 0.9)).seed(5).build().fit(data, null, 3, 32);
      weights[run] = model.session().value(model.parameters().get(0).variable()).toArray();
    }
    assertArrayEquals(weights[0], weights[1], 0f);
  }

  @Test
  void evaluationCountsEveryExampleInTheConfusionMatrix() {
    Dataset data = Generated.circles(150, 0.05, 0.5, 6);
    Model model = Mlp.inputs(2).hidden(16).classes(2).build(6);
    Trainer trainer = Trainer.builder(model, new Adam(0.02)).build();
    trainer.fit(data, null, 20, 16);
    Evaluation e = trainer.evaluate(data);
    int total = 0;
    int diagonal = 0;
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        total += e.count(r, c);
        diagonal += r == c ? e.count(r, c) : 0;
      }
    }
    assertEquals(150, total);
    assertEquals(e.accuracy(), diagonal / 150.0, 1e-9);
    assertTrue(e.confusionTable().contains("actual\\predicted"));
  }

  @Test
  void batchNormRunningStatisticsMoveAndInferenceUsesThem() {
    Dataset images = Generated.images(64, 7);
    Model model = Cnn.input(1, 28, 28).conv(4, 3, 1).batchNorm().relu().maxPool(4)
        .flatten().dense(10).build(7);
    var mean = model.states().get(0);
    Tensor before = model.session().value(mean);
    Trainer.builder(model, new Sgd(0.01)).build().fit(images, null, 1, 16);
    assertFalse(before.allClose(model.session().value(mean), 1e-6f), "running mean moved");
    Tensor x = images.take(8).features();
    assertArrayEquals(model.predict(x).toArray(), model.predict(x).toArray(), 0f,
        "inference is deterministic");
  }

  @Test
  void aNaNInTheDataIsRefusedWithOrWithoutTheTrap() {
    // the trap catches what the network makes (TrainerBadInputTest); bad data never gets that far
    Tensor x = Tensor.of(new float[] {0.5f, Float.NaN, 0.1f, 0.2f}, 2, 2);
    Dataset data = new Dataset(x, Tensor.vector(0, 1));
    for (boolean trap : new boolean[] {true, false}) {
      Model model = Mlp.inputs(2).hidden(3).classes(2).build(1);
      Trainer t = Trainer.builder(model, new Sgd(0.1)).trapNonFinite(trap).build();
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class, () -> t.fit(data, null, 1, 2));
      assertTrue(e.getMessage().startsWith("the training set: example 0 has NaN at feature [1]"),
          e.getMessage());
    }
  }
}
