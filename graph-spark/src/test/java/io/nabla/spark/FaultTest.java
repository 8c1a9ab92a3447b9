package io.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.optim.Adam;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults: a task that fails once is retried and the run is bit-identical to one without the
 * failure; a step whose tasks keep failing leaves the driver's weights those of the step before;
 * a new driver resumes from the checkpoint of the last epoch, bit for bit.
 */
class FaultTest {
  private static final TrainingSpec SPEC = TrainingSpec.of(EquivalenceTest::model,
      () -> new Adam(0.005));
  private static final Dataset DATA = Generated.images(2 * 5 * 8, 4);
  /** Failures injected, in this JVM (local mode runs the tasks here). */
  static final AtomicInteger FAILURES = new AtomicInteger();

  @TempDir
  Path dir;

  private static SparkTrainer.Builder trainer() {
    return SparkTrainer.builder(LocalSpark.context(), SPEC).batchSize(8).seed(2);
  }

  private static JavaRDD<Shard> shards() {
    return SparkTrainer.distribute(LocalSpark.context(), DATA, 2);
  }

  @Test
  void aTaskFailingOnItsFirstAttemptIsRetriedWithTheSameResult() {
    SparkTrainer clean = trainer().build();
    clean.fit(shards(), null, 2);

    FAILURES.set(0);
    SparkTrainer faulty = trainer().hook((version, partition) -> {
      if (version == 3 && partition == 1 && TaskContext.get().attemptNumber() == 0) {
        FAILURES.incrementAndGet();
        throw new IllegalStateException("injected failure of step 4, partition 1");
      }
    }).build();
    faulty.fit(shards(), null, 2);

    assertEquals(1, FAILURES.get(), "the failure was injected once");
    assertEquals(clean.trainer().steps(), faulty.trainer().steps());
    Runs.assertBitIdentical(clean.model(), faulty.model());
  }

  @Test
  void aLocalSgdRoundFailingOnItsFirstAttemptIsRetriedWithTheSameResult() {
    SparkTrainer clean = trainer().averageEvery(2).build();
    clean.fit(shards(), null, 2);

    FAILURES.set(0);
    SparkTrainer faulty = trainer().averageEvery(2).hook((version, partition) -> {
      // the round from step 3 of epoch 2: the replica has trained in earlier rounds
      if (version == 7 && partition == 0 && TaskContext.get().attemptNumber() == 0) {
        FAILURES.incrementAndGet();
        throw new IllegalStateException("injected failure of the round from step 8");
      }
    }).build();
    faulty.fit(shards(), null, 2);

    assertEquals(1, FAILURES.get(), "the failure was injected once");
    assertEquals(10, faulty.trainer().steps());
    Runs.assertBitIdentical(clean.model(), faulty.model());
  }

  @Test
  void aStepThatCannotCompleteLeavesTheWeightsOfTheStepBefore() {
    SparkTrainer oneEpoch = trainer().build();
    oneEpoch.fit(shards(), null, 1);
    assertEquals(5, oneEpoch.trainer().steps());

    SparkTrainer failing = trainer().hook((version, partition) -> {
      if (version == 5 && partition == 0) {
        throw new IllegalStateException("injected failure of every attempt of step 6");
      }
    }).build();
    SparkException e = assertThrows(SparkException.class, () -> failing.fit(shards(), null, 2));
    assertTrue(e.getMessage().contains("injected failure of every attempt of step 6"),
        e.getMessage());
    assertEquals(5, failing.trainer().steps());
    Runs.assertBitIdentical(oneEpoch.model(), failing.model());
  }

  @Test
  void aNewDriverResumesFromTheLastEpochsCheckpoint() throws Exception {
    SparkTrainer whole = trainer().checkpoint(dir.resolve("whole.ckpt")).build();
    whole.fit(shards(), null, 3);

    Path file = dir.resolve("run.ckpt");
    SparkTrainer first = trainer().checkpoint(file).build();
    first.fit(shards(), null, 2);

    LocalSpark.restart();   // the first driver is gone; a new one starts from the file
    SparkTrainer second = trainer().checkpoint(file).build().resume(file);
    assertEquals(2, second.trainer().epochsCompleted());
    second.fitUntil(shards(), null, 3);

    assertEquals(whole.trainer().steps(), second.trainer().steps());
    Runs.assertBitIdentical(whole.model(), second.model());
    assertEquals(whole.trainer().history().get(2).trainLoss(),
        second.trainer().history().get(2).trainLoss(), 0.0);
  }
}
