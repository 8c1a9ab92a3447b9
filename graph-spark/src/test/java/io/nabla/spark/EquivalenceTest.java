package io.nabla.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.model.Cnn;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.optim.LearningRateSchedule;
import io.nabla.nn.optim.Sgd;
import io.nabla.nn.train.EpochRecord;
import io.nabla.nn.train.EpochSteps;
import io.nabla.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Synchronous training on N partitions of batch b ends, after 20 steps, with the weights of the
 * single-machine trainer on the same global batches of N·b — within 1e-5 relative (float sums
 * in another order) — for SGD with momentum and for Adam, with a schedule and clipping.
 */
class EquivalenceTest {
  private static final int STEPS_PER_EPOCH = 10;
  private static final int B = 8;
  private static final long SEED = 5;

  /** No batch norm: its statistics are per replica, so it is not expected to agree. */
  static Model model() {
    return Cnn.input(1, 28, 28).conv(4, 3, 1).relu().maxPool(2).flatten().dense(16).relu()
        .dense(10).build(7);
  }

  @Test
  void sgdWithMomentumOnTwoPartitionsIsTheTrainerOnBatchesOfTwiceB() {
    double d = compare(2, () -> new Sgd(0.05, 0.9));
    System.out.printf("equivalence sgd-momentum, 2 partitions: max relative difference %.3g%n",
        d);
    assertTrue(d < 1e-5, "relative difference " + d);
  }

  @Test
  void adamOnThreePartitionsIsTheTrainerOnBatchesOfThreeB() {
    double d = compare(3, () -> new Adam(0.01));
    System.out.printf("equivalence adam, 3 partitions: max relative difference %.3g%n", d);
    assertTrue(d < 1e-5, "relative difference " + d);
  }

  private static double compare(int partitions, TrainingSpec.Factory<io.nabla.nn.optim.Optimizer>
      optimizer) {
    Dataset data = Generated.images(partitions * STEPS_PER_EPOCH * B, 3);
    List<Shard> shards = Shard.split(data, partitions);
    LearningRateSchedule schedule = LearningRateSchedule.step(1, 0.5);

    TrainingSpec spec = TrainingSpec.of(EquivalenceTest::model, optimizer);
    SparkTrainer spark = SparkTrainer.builder(LocalSpark.context(), spec).batchSize(B)
        .seed(SEED).schedule(schedule).clipGradientNorm(5.0).build();
    List<EpochRecord> history = spark.fit(SparkTrainer.distribute(LocalSpark.context(), data,
        partitions), null, 2);
    assertEquals(2 * STEPS_PER_EPOCH, spark.trainer().steps());
    System.out.println("step seconds: " + spark.stepSeconds());

    Model local = model();
    Trainer trainer = Trainer.builder(local, optimizer.create()).seed(SEED).schedule(schedule)
        .clipGradientNorm(5.0).build();
    List<EpochRecord> expected = trainer.fit(new EpochSteps() {
      @Override
      public int count(int epoch) {
        return STEPS_PER_EPOCH;
      }

      @Override
      public void run(Trainer t, int epoch) {
        for (int s = 0; s < STEPS_PER_EPOCH; s++) {
          t.step(globalBatch(shards, epoch, s));
        }
      }
    }, null, 2);
    assertEquals(2 * STEPS_PER_EPOCH, trainer.steps());
    for (int e = 0; e < 2; e++) {
      // the replicas measure their batches' accuracy: the epoch's is one machine's (a count of
      // argmaxes, which a difference in the last bits may flip for one example)
      double oneExample = 1.0 / (STEPS_PER_EPOCH * partitions * B);
      assertEquals(expected.get(e).trainAccuracy(), history.get(e).trainAccuracy(),
          oneExample + 1e-12);
      assertEquals(expected.get(e).trainLoss(), history.get(e).trainLoss(), 1e-5);
    }
    double start = Runs.maxRelativeDifference(model(), local);
    assertTrue(start > 1e-3, "training moved the weights");
    return Runs.maxRelativeDifference(spark.model(), local);
  }

  /** The partitions' local batches of step s, one after the other: what the cluster trains on. */
  static Batch globalBatch(List<Shard> shards, int epoch, int step) {
    List<Batch> parts = new ArrayList<>();
    for (int p = 0; p < shards.size(); p++) {
      parts.add(shards.get(p).batch(SEED, epoch, p, step, B));
    }
    return new Batch(concat(parts, true), concat(parts, false));
  }

  private static Tensor concat(List<Batch> parts, boolean x) {
    List<float[]> arrays = new ArrayList<>();
    int total = 0;
    for (Batch b : parts) {
      float[] a = (x ? b.inputs() : b.targets()).values().iterator().next().toArray();
      arrays.add(a);
      total += a.length;
    }
    float[] all = new float[total];
    int at = 0;
    for (float[] a : arrays) {
      System.arraycopy(a, 0, all, at, a.length);
      at += a.length;
    }
    Tensor first = (x ? parts.get(0).inputs() : parts.get(0).targets()).values().iterator()
        .next();
    int[] dims = first.shape().dims().clone();
    dims[0] = dims[0] * parts.size();
    return Tensor.of(all, dims);
  }

}
