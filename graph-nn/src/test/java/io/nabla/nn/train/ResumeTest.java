package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.io.Checkpoint;
import io.nabla.nn.io.CheckpointFormatException;
import io.nabla.nn.model.Cnn;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.optim.LearningRateSchedule;
import io.nabla.nn.optim.Optimizer;
import io.nabla.nn.optim.Sgd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run saved after some epochs and resumed by a new model and trainer ends with exactly the
 * weights, running statistics, optimizer state and history of a run that was never stopped.
 */
class ResumeTest {
  private static final Dataset TRAIN = Generated.images(96, 1);
  private static final Dataset TEST = Generated.images(32, 2);

  @TempDir
  Path dir;

  /** Batch norm (running statistics) and dropout (seeded masks) make resuming non-trivial. */
  private static Model model(long initSeed) {
    return Cnn.input(1, 28, 28).conv(4, 3, 1).batchNorm().relu().maxPool(2).flatten()
        .dropout(0.3).dense(10).build(initSeed);
  }

  private TrainerBuilder adam(Model model, Optimizer adam, Path checkpoint) {
    return Trainer.builder(model, adam).seed(11).checkpoint(checkpoint)
        .schedule(LearningRateSchedule.cosine(5, 0.001));
  }

  @Test
  void resumedRunEndsBitIdenticalToAnUninterruptedOne() throws Exception {
    Model whole = model(3);
    Adam wholeAdam = new Adam(0.01);
    Trainer uninterrupted = adam(whole, wholeAdam, dir.resolve("whole.ckpt")).build();
    List<EpochRecord> wholeHistory = uninterrupted.fit(TRAIN, TEST, 5, 16);

    Path file = dir.resolve("run.ckpt");
    Trainer first = adam(model(3), new Adam(0.01), file).build();
    first.fit(TRAIN, TEST, 3, 16);

    Model resumed = model(99);   // other initial weights: everything must come from the file
    Adam resumedAdam = new Adam(0.01);
    Trainer second = adam(resumed, resumedAdam, file).build().resume(file);
    assertEquals(3, second.epochsCompleted());
    assertEquals(first.steps(), second.steps());
    List<EpochRecord> resumedHistory = second.fitUntil(TRAIN, TEST, 5, 16);

    assertFalse(whole.states().isEmpty(), "batch norm's running statistics are compared too");
    assertSameVariables(whole, resumed);
    assertEquals(uninterrupted.steps(), second.steps());
    assertSameHistory(wholeHistory, resumedHistory);
    assertEquals(wholeAdam.state().keySet(), resumedAdam.state().keySet());
    wholeAdam.state().forEach((k, v) -> assertArrayEquals(v.toArray(),
        resumedAdam.state().get(k).toArray(), 0f, "optimizer state " + k));
  }

  @Test
  void earlyStoppingAndAStepScheduleContinueAcrossAResume() throws Exception {
    Model whole = model(4);
    List<EpochRecord> wholeHistory = sgdTrainer(whole, null).fit(TRAIN, TEST, 6, 32);
    assertTrue(wholeHistory.size() < 6, "early stopping stopped the run: " + wholeHistory);

    Path file = dir.resolve("run.ckpt");
    sgdTrainer(model(4), file).fit(TRAIN, TEST, 2, 32);
    Model resumed = model(4);
    List<EpochRecord> resumedHistory = sgdTrainer(resumed, file).resume(file)
        .fitUntil(TRAIN, TEST, 6, 32);

    assertSameHistory(wholeHistory, resumedHistory);
    assertEquals(0.025, resumedHistory.get(2).learningRate(), 1e-12, "step schedule, epoch 3");
    assertSameVariables(whole, resumed);   // the best epoch's weights, restored from the file
  }

  private static Trainer sgdTrainer(Model model, Path checkpoint) {
    TrainerBuilder b = Trainer.builder(model, new Sgd(0.05, 0.9)).seed(2)
        .schedule(LearningRateSchedule.step(2, 0.5)).earlyStopping(1);
    return (checkpoint == null ? b : b.checkpoint(checkpoint)).build();
  }

  @Test
  void aFinishedRunResumedTrainsNothingMore() throws Exception {
    Path file = dir.resolve("run.ckpt");
    Model done = model(5);
    List<EpochRecord> history = Trainer.builder(done, new Sgd(0.05)).checkpoint(file).build()
        .fit(TRAIN, null, 2, 32);
    Model again = model(6);
    Trainer t = Trainer.builder(again, new Sgd(0.05)).build().resume(file);
    assertSameHistory(history, t.fitUntil(TRAIN, null, 2, 32));
    assertSameVariables(done, again);
  }

  @Test
  void aRunWithAnotherSeedIsRefusedAndNothingChanges() throws Exception {
    Path file = dir.resolve("run.ckpt");
    Trainer.builder(model(5), new Sgd(0.05)).seed(1).checkpoint(file).build()
        .fit(TRAIN, null, 1, 32);
    Model other = model(6);
    float[] before = firstWeights(other);
    Trainer t = Trainer.builder(other, new Sgd(0.05)).seed(2).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.resume(file));
    assertTrue(e.getMessage().contains("continues a run with seed 1, but this trainer has 2"),
        e.getMessage());
    assertArrayEquals(before, firstWeights(other), 0f);
    assertEquals(0, t.epochsCompleted());

    IllegalArgumentException lr = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(model(6), new Sgd(0.1)).seed(1).build().resume(file));
    assertTrue(lr.getMessage().contains("base learning rate 0.05, but this trainer has 0.1"),
        lr.getMessage());
  }

  @Test
  void anAdamRunResumedWithSgdIsRefusedNamingBoth() throws Exception {
    Path file = dir.resolve("adam.ckpt");
    Trainer.builder(model(5), new Adam(0.05)).seed(1).checkpoint(file).build()
        .fit(TRAIN, null, 1, 32);
    Model other = model(6);
    float[] before = firstWeights(other);
    Sgd sgd = new Sgd(0.05, 0.9);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(other, sgd).seed(1).build().resume(file));
    assertEquals(file + " continues a run with optimizer Adam, but this trainer has Sgd; set the"
        + " optimizer as in that run to continue it, or load only the weights with"
        + " Checkpoint.load to start a new run", e.getMessage());
    assertArrayEquals(before, firstWeights(other), 0f);
    assertTrue(sgd.state().isEmpty(), "no adam_m/… in the Sgd: " + sgd.state().keySet());
  }

  @Test
  void aModelOnlyCheckpointCannotBeResumed() throws Exception {
    Path file = dir.resolve("weights.safetensors");
    Checkpoint.save(file, model(5), null, Map.of());
    Trainer t = Trainer.builder(model(5), new Sgd(0.05)).build();
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> t.resume(file));
    assertTrue(e.getMessage().contains("holds a model but no training progress"),
        e.getMessage());
  }

  private static float[] firstWeights(Model m) {
    return m.session().value(m.parameters().get(0).variable()).toArray();
  }

  /** Every parameter and running statistic, bit for bit. */
  static void assertSameVariables(Model expected, Model actual) {
    List<Node> a = variables(expected);
    List<Node> b = variables(actual);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      Tensor x = expected.session().value(a.get(i));
      Tensor y = actual.session().value(b.get(i));
      assertEquals(a.get(i).name(), b.get(i).name());
      assertArrayEquals(x.toArray(), y.toArray(), 0f, a.get(i).name());
    }
  }

  private static List<Node> variables(Model m) {
    List<Node> all = new ArrayList<>();
    m.parameters().stream().map(Parameter::variable).forEach(all::add);
    all.addAll(m.states());
    return all;
  }

  /** Everything an epoch measured except its timing. */
  private static void assertSameHistory(List<EpochRecord> expected, List<EpochRecord> actual) {
    assertEquals(expected.size(), actual.size(), "epochs");
    for (int i = 0; i < expected.size(); i++) {
      EpochRecord x = expected.get(i);
      EpochRecord y = actual.get(i);
      String at = "epoch " + x.epoch();
      assertEquals(x.epoch(), y.epoch(), at);
      assertEquals(x.trainLoss(), y.trainLoss(), 0, at);
      assertEquals(x.trainAccuracy(), y.trainAccuracy(), 0, at);
      assertEquals(x.testLoss(), y.testLoss(), 0, at);
      assertEquals(x.testAccuracy(), y.testAccuracy(), 0, at);
      assertEquals(x.learningRate(), y.learningRate(), 0, at);
    }
  }
}
