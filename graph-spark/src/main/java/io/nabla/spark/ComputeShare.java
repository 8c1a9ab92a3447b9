package io.nabla.spark;

import io.nabla.nn.data.Batch;
import io.nabla.nn.train.StepGradients;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The task of one step on one partition: load the broadcast weights (checking their version is
 * the step's), cut the partition's local batch, compute its gradients on the replica and return
 * them weighted by the partition's share of the global batch. It changes nothing but the
 * replica's copy of the weights, so a retried attempt computes the same bits.
 */
final class ComputeShare implements Function2<Integer, Iterator<Shard>, Iterator<OrderedTreeSum>> {
  private static final long serialVersionUID = 1L;

  /** Called before each task's work; tests inject failures through it. */
  interface Hook extends java.io.Serializable {
    void before(long stepsDone, int partition);
  }

  private final String run;
  private final TrainingSpec spec;
  private final Broadcast<Weights> weights;
  private final long version;
  private final long seed;
  private final int epoch;
  private final int step;
  private final int batchSize;
  private final int partitions;
  private final Hook hook;
  private final Replica.ReplicaOptions options;

  ComputeShare(String run, TrainingSpec spec, Broadcast<Weights> weights, long version,
      long seed, int epoch, int step, int batchSize, int partitions, Hook hook,
      Replica.ReplicaOptions options) {
    this.run = run;
    this.spec = spec;
    this.weights = weights;
    this.version = version;
    this.seed = seed;
    this.epoch = epoch;
    this.step = step;
    this.batchSize = batchSize;
    this.partitions = partitions;
    this.hook = hook;
    this.options = options;
  }

  @Override
  public Iterator<OrderedTreeSum> call(Integer partition, Iterator<Shard> shards) {
    if (hook != null) {
      hook.before(version, partition);
    }
    Shard shard = shards.next();
    Weights w = weights.value();
    if (w.version != version) {
      throw new IllegalStateException("partition " + partition + " received weights version "
          + w.version + " for step " + (version + 1) + ", which needs version " + version);
    }
    Replica r = Replica.borrow(run, spec, options);
    try {
      r.load(w);
      Batch batch = shard.batch(seed, epoch, partition, step, batchSize);
      // dropout masks differ between partitions: step t of partition p is seeded as t·N + p
      StepGradients g = r.trainer.computeGradients(batch, version * partitions + partition);
      double share = (double) batch.size() / ((long) batchSize * partitions);
      return List.of(OrderedTreeSum.leaf(partitions, partition,
          Replica.share(g, share, version))).iterator();
    } finally {
      Replica.giveBack(run, r);
    }
  }
}
