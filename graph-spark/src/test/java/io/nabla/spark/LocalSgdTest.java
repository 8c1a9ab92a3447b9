package io.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.optim.LearningRateSchedule;
import io.nabla.nn.optim.Optimizer;
import io.nabla.nn.optim.Sgd;
import io.nabla.nn.train.EpochRecord;
import io.nabla.nn.train.EpochSteps;
import io.nabla.nn.train.Trainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Local SGD ({@code averageEvery(k)}, k &gt; 1): every replica trains k steps alone from the
 * driver's weights and optimizer state, then weights and optimizer state are averaged. Checked
 * against the algorithm written out here with plain trainers: one replica is the single-machine
 * trainer bit for bit (so the optimizer's state goes through every round), two are the mean of
 * two trainers every k steps.
 */
class LocalSgdTest {
  private static final int STEPS = 10;
  private static final int B = 8;
  private static final long SEED = 5;

  @Test
  void oneReplicaAveragedEveryFourStepsIsTheSingleMachineTrainer() {
    Dataset data = Generated.images(STEPS * B, 3);
    List<Shard> shards = Shard.split(data, 1);
    LearningRateSchedule schedule = LearningRateSchedule.step(1, 0.5);
    TrainingSpec spec = TrainingSpec.of(EquivalenceTest::model, () -> new Adam(0.01));
    SparkTrainer spark = SparkTrainer.builder(LocalSpark.context(), spec).batchSize(B)
        .seed(SEED).schedule(schedule).clipGradientNorm(5.0).averageEvery(4).build();
    List<EpochRecord> history = spark.fit(SparkTrainer.distribute(LocalSpark.context(), data,
        1), null, 2);
    assertEquals(2 * STEPS, spark.trainer().steps());
    assertEquals(6, spark.stepSeconds().size(), "rounds of 4, 4 and 2 steps per epoch");

    Model local = EquivalenceTest.model();
    Trainer trainer = Trainer.builder(local, new Adam(0.01)).seed(SEED).schedule(schedule)
        .clipGradientNorm(5.0).build();
    List<EpochRecord> expected = trainer.fit(new EpochSteps() {
      @Override
      public int count(int epoch) {
        return STEPS;
      }

      @Override
      public void run(Trainer t, int epoch) {
        for (int s = 0; s < STEPS; s++) {
          t.step(shards.get(0).batch(SEED, epoch, 0, s, B));
        }
      }
    }, null, 2);

    assertTrue(Runs.maxRelativeDifference(EquivalenceTest.model(), local) > 1e-3);
    Runs.assertBitIdentical(local, spark.model());
    for (int e = 0; e < 2; e++) {
      assertEquals(expected.get(e).trainLoss(), history.get(e).trainLoss(), 1e-12);
      assertEquals(expected.get(e).trainAccuracy(), history.get(e).trainAccuracy(), 0.0);
    }
  }

  @Test
  void twoReplicasAreTheMeanOfTwoTrainersEveryThreeSteps() {
    Dataset data = Generated.images(2 * STEPS * B, 4);
    List<Shard> shards = Shard.split(data, 2);
    TrainingSpec spec = TrainingSpec.of(EquivalenceTest::model, () -> new Sgd(0.05, 0.9));
    SparkTrainer spark = SparkTrainer.builder(LocalSpark.context(), spec).batchSize(B)
        .seed(SEED).clipGradientNorm(5.0).averageEvery(3).build();
    spark.fit(SparkTrainer.distribute(LocalSpark.context(), data, 2), null, 1);
    assertEquals(STEPS, spark.trainer().steps());

    // the algorithm by hand: the driver's state, two replicas, rounds of 3, 3, 3 and 1 steps
    Model driver = EquivalenceTest.model();
    Optimizer driverOptimizer = new Sgd(0.05, 0.9);
    Model[] replicas = {EquivalenceTest.model(), EquivalenceTest.model()};
    Optimizer[] optimizers = {new Sgd(0.05, 0.9), new Sgd(0.05, 0.9)};
    Trainer[] trainers = new Trainer[2];
    for (int p = 0; p < 2; p++) {
      trainers[p] = Trainer.builder(replicas[p], optimizers[p]).seed(SEED)
          .clipGradientNorm(5.0).build();
    }
    for (int s = 0; s < STEPS; s += 3) {
      for (int p = 0; p < 2; p++) {
        Weights.of(driver, s).loadInto(replicas[p]);
        optimizers[p].loadState(driverOptimizer.state());
        for (int j = s; j < Math.min(s + 3, STEPS); j++) {
          trainers[p].step(shards.get(p).batch(SEED, 1, p, j, B));
        }
      }
      Weights.of(s, mean(Weights.of(replicas[0], s).values(),
          Weights.of(replicas[1], s).values())).loadInto(driver);
      driverOptimizer.loadState(meanState(optimizers[0].state(), optimizers[1].state()));
    }

    assertTrue(Runs.maxRelativeDifference(EquivalenceTest.model(), driver) > 1e-3);
    assertTrue(Runs.maxRelativeDifference(replicas[0], replicas[1]) > 1e-4,
        "the replicas trained apart");
    double d = Runs.maxRelativeDifference(spark.model(), driver);
    System.out.printf("local SGD, 2 partitions, k = 3: max relative difference %.3g%n", d);
    assertTrue(d < 1e-6, "relative difference " + d);
  }

  @Test
  void averagingEveryZeroStepsIsRefused() {
    SparkTrainer.Builder b = SparkTrainer.builder(LocalSpark.context(),
        TrainingSpec.of(EquivalenceTest::model, () -> new Sgd(0.1)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> b.averageEvery(0));
    assertEquals("averaging must happen every k >= 1 steps, not 0; 1 is synchronous training",
        e.getMessage());
  }

  private static Map<String, float[]> mean(Map<String, float[]> a, Map<String, float[]> b) {
    Map<String, float[]> m = new LinkedHashMap<>();
    a.forEach((name, x) -> {
      float[] y = b.get(name);
      float[] z = new float[x.length];
      for (int i = 0; i < z.length; i++) {
        z[i] = (x[i] + y[i]) / 2f;
      }
      m.put(name, z);
    });
    return m;
  }

  private static Map<String, Tensor> meanState(Map<String, Tensor> a, Map<String, Tensor> b) {
    Map<String, float[]> x = new LinkedHashMap<>();
    Map<String, float[]> y = new LinkedHashMap<>();
    a.forEach((k, t) -> x.put(k, t.toArray()));
    b.forEach((k, t) -> y.put(k, t.toArray()));
    Map<String, Tensor> out = new LinkedHashMap<>();
    mean(x, y).forEach((k, v) -> out.put(k, Tensor.of(a.get(k).shape(), v)));
    return out;
  }
}
