package io.nabla.spark;

import io.nabla.nn.data.Batch;
import io.nabla.nn.train.StepGradients;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The task of one local-SGD round on one partition: start the replica from the broadcast weights
 * and optimizer state (checking both are the round's), train it alone for the round's steps on
 * the partition's local batches, and return its variables and optimizer state for the average.
 * Everything it starts from comes from the broadcasts, so a retried attempt computes the same
 * bits.
 */
final class LocalRound implements Function2<Integer, Iterator<Shard>, Iterator<OrderedTreeSum>> {
  private static final long serialVersionUID = 1L;

  private final String run;
  private final TrainingSpec spec;
  private final Replica.ReplicaOptions options;
  private final Broadcast<Weights> weights;
  private final Broadcast<OptimizerState> state;
  private final long version;
  private final int epoch;
  private final int firstStep;
  private final int steps;
  private final int batchSize;
  private final int partitions;
  private final ComputeShare.Hook hook;

  LocalRound(String run, TrainingSpec spec, Replica.ReplicaOptions options,
      Broadcast<Weights> weights, Broadcast<OptimizerState> state, long version, int epoch,
      int firstStep, int steps, int batchSize, int partitions, ComputeShare.Hook hook) {
    this.run = run;
    this.spec = spec;
    this.options = options;
    this.weights = weights;
    this.state = state;
    this.version = version;
    this.epoch = epoch;
    this.firstStep = firstStep;
    this.steps = steps;
    this.batchSize = batchSize;
    this.partitions = partitions;
    this.hook = hook;
  }

  @Override
  public Iterator<OrderedTreeSum> call(Integer partition, Iterator<Shard> shards) {
    if (hook != null) {
      hook.before(version, partition);
    }
    Shard shard = shards.next();
    Weights w = weights.value();
    OptimizerState o = state.value();
    if (w.version != version || o.version != version) {
      throw new IllegalStateException("partition " + partition + " received weights version "
          + w.version + " and optimizer state version " + o.version + " for the round from "
          + "step " + (version + 1) + ", which needs version " + version);
    }
    Replica r = Replica.borrow(run, spec, options);
    try {
      r.loadForTraining(w, o);
      double lossSum = 0;
      double[] metricSums = null;
      for (int j = 0; j < steps; j++) {
        Batch batch = shard.batch(options.seed(), epoch, partition, firstStep + j, batchSize);
        // dropout seeded as the synchronous path seeds step t of partition p: t·N + p
        StepGradients g = r.trainer.computeGradients(batch,
            (version + j) * partitions + partition);
        r.trainer.applyGradients(g, batch.size());
        lossSum += g.loss();
        double[] sums = Replica.raw(g.metricSums());
        if (metricSums == null) {
          metricSums = sums;
        } else {
          for (int k = 0; k < sums.length; k++) {
            metricSums[k] += sums[k];
          }
        }
      }
      return List.of(OrderedTreeSum.leaf(partitions, partition,
          ReplicaState.of(r, version, lossSum, metricSums))).iterator();
    } finally {
      Replica.giveBack(run, r);
    }
  }
}
