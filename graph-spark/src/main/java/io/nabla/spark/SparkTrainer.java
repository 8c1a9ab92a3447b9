package io.nabla.spark;

import com.google.common.base.Preconditions;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.LearningRateSchedule;
import io.nabla.nn.optim.Optimizer;
import io.nabla.nn.train.EpochRecord;
import io.nabla.nn.train.EpochSteps;
import io.nabla.nn.train.StepGradients;
import io.nabla.nn.train.Trainer;
import io.nabla.nn.train.TrainerBuilder;
import io.nabla.nn.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Synchronous data-parallel training on Spark. Each step, every partition of a cached RDD of
 * {@link Shard}s computes the gradients of its local batch of {@code b} examples on its
 * executor's replica of the model, from the weights the driver broadcast for that step (a new,
 * versioned broadcast per step); {@code treeAggregate} sums them, weighted by each partition's
 * share of the global batch of {@code N·b}, in a fixed order ({@link OrderedTreeSum}); the
 * driver applies the sum through {@link Trainer#applyGradients} — the single-machine trainer's
 * own update, so any optimizer, schedule, clipping, divergence guard, checkpoint, resume and
 * early stopping behave as on one machine. With a loss that is a mean over examples (every
 * built-in one) N partitions of batch b give the weights of one machine on batches of N·b, up to
 * the order of float sums.
 *
 * <p>Batch norm normalizes with each replica's batch statistics (as PyTorch's
 * DistributedDataParallel without SyncBatchNorm); the driver moves the running statistics
 * with their mean over the partitions.
 *
 * <p><b>Local SGD</b> ({@link Builder#averageEvery}{@code (k)}, k &gt; 1) is a different
 * algorithm, for throughput: each round, every replica starts from the driver's weights and
 * optimizer state, takes k steps of its own on its local batches with its own optimizer, and
 * the driver replaces its weights, running statistics and optimizer state (momentum, moments)
 * with their mean over the replicas, summed by the same fixed-order {@code treeAggregate}. It
 * communicates once per k steps instead of every step, but its result is not that of one
 * machine: each replica's steps see only its own batches (federated averaging, "local SGD").
 * The epoch's train loss and metrics are those the replicas measured on their batches.
 *
 * <pre>{@code
 * TrainingSpec spec = TrainingSpec.of(() -> Presets.lenet5(10).build(1), () -> new Adam(0.002));
 * SparkTrainer t = SparkTrainer.builder(sc, spec).batchSize(32).build();
 * List<EpochRecord> history = t.fit(SparkTrainer.distribute(sc, train, 4), test, 2);
 * }</pre>
 */
public final class SparkTrainer {
  private final JavaSparkContext sc;
  private final TrainingSpec spec;
  private final int batchSize;
  private final long seed;
  private final ComputeShare.Hook hook;
  private final int averageEvery;
  private final Replica.ReplicaOptions options;
  private final Model model;
  private final Optimizer optimizer;
  private final Trainer trainer;
  private final String run = UUID.randomUUID().toString();
  private final List<Double> stepSeconds = new ArrayList<>();

  private SparkTrainer(Builder b) {
    this.sc = b.sc;
    this.spec = b.spec;
    this.batchSize = b.batchSize;
    this.seed = b.seed;
    this.hook = b.hook;
    this.averageEvery = b.averageEvery;
    this.options = new Replica.ReplicaOptions(seed, b.clipNorm);
    this.model = spec.model();
    this.optimizer = spec.optimizer();
    TrainerBuilder t = Trainer.builder(model, optimizer).loss(spec.loss()).seed(seed)
        .schedule(b.schedule).clipGradientNorm(b.clipNorm);
    b.listeners.forEach(t::listener);
    if (b.checkpoint != null) {
      t.checkpoint(b.checkpoint);
    }
    this.trainer = t.build();
  }

  /** A trainer of the model {@code spec} builds, on {@code sc}'s cluster. */
  public static Builder builder(JavaSparkContext sc, TrainingSpec spec) {
    return new Builder(sc, spec);
  }

  /**
   * {@code data} cut into {@code partitions} contiguous shards of nearly equal size, one per
   * partition, cached (shuffle the data first if it is ordered). Each shard travels once, as a
   * broadcast fetched by the executor that caches it: a parallelized collection would carry
   * its data inside every task of every step.
   */
  public static JavaRDD<Shard> distribute(JavaSparkContext sc, Dataset data, int partitions) {
    List<Broadcast<Shard>> shards = new ArrayList<>();
    for (Shard s : Shard.split(data, partitions)) {
      shards.add(sc.broadcast(s));
    }
    JavaRDD<Shard> rdd = sc.parallelize(shards, partitions).map(Broadcast::value).cache();
    rdd.count();
    return rdd;
  }

  /** The driver's model: the one updated, evaluated and checkpointed. */
  public Model model() {
    return model;
  }

  /** The driver's trainer (history, steps, evaluation). */
  public Trainer trainer() {
    return trainer;
  }

  /**
   * The wall time of every step so far — the job, the sum and the driver's update — or, with
   * local SGD, of every round of up to k steps.
   */
  public List<Double> stepSeconds() {
    return List.copyOf(stepSeconds);
  }

  /**
   * Continues the run saved in {@code file} by a trainer with the same checkpoint (see {@link
   * Trainer#resume}); then {@link #fitUntil} goes on with the next epoch.
   */
  public SparkTrainer resume(Path file) throws IOException {
    trainer.resume(file);
    return this;
  }

  /**
   * Trains {@code epochs} more epochs on {@code train} (one shard per partition), evaluating on
   * {@code test} (may be null) on the driver after each. An epoch takes {@code
   * floor(smallest shard / b)} steps; each partition reshuffles its shard every epoch, seeded by
   * the seed, the epoch and the partition.
   */
  public List<EpochRecord> fit(JavaRDD<Shard> train, Dataset test, int epochs) {
    return trainer.fit(steps(train), test, epochs);
  }

  /** Trains until {@code totalEpochs} are completed, counting a resumed run's. */
  public List<EpochRecord> fitUntil(JavaRDD<Shard> train, Dataset test, int totalEpochs) {
    return trainer.fitUntil(steps(train), test, totalEpochs);
  }

  private EpochSteps steps(JavaRDD<Shard> train) {
    int partitions = train.getNumPartitions();
    List<Integer> sizes = train.map(Shard::size).collect();
    Preconditions.checkArgument(sizes.size() == partitions, "the training RDD has %s shards"
        + " in %s partitions; it needs one shard per partition (SparkTrainer.distribute)",
        sizes.size(), partitions);
    int smallest = sizes.stream().mapToInt(Integer::intValue).min().orElse(0);
    Preconditions.checkArgument(smallest >= batchSize, "the smallest shard holds %s examples,"
        + " fewer than one local batch of %s; use fewer partitions or a smaller batch",
        smallest, batchSize);
    int perEpoch = smallest / batchSize;
    return new EpochSteps() {
      @Override
      public int count(int epoch) {
        return perEpoch;
      }

      @Override
      public void run(Trainer t, int epoch) {
        if (averageEvery == 1) {
          for (int s = 0; s < perEpoch; s++) {
            step(train, partitions, epoch, s);
          }
        } else {
          for (int s = 0; s < perEpoch; s += averageEvery) {
            round(train, partitions, epoch, s, Math.min(averageEvery, perEpoch - s));
          }
        }
      }
    };
  }

  private void step(JavaRDD<Shard> train, int partitions, int epoch, int s) {
    long start = System.nanoTime();
    long version = trainer.steps();
    // a new broadcast per step, of a whole step's weights: no task can read another version
    Broadcast<Weights> weights = sc.broadcast(Weights.of(model, version));
    try {
      ComputeShare task = new ComputeShare(run, spec, weights, version, seed, epoch, s,
          batchSize, partitions, hook, options);
      OrderedTreeSum sum = train.mapPartitionsWithIndex(task, true).treeAggregate(
          new OrderedTreeSum(partitions), OrderedTreeSum::merge, OrderedTreeSum::merge, 2);
      PartialSum total = sum.total();
      StepGradients g = Replica.total(total, trainableCount());
      trainer.applyGradients(g, batchSize * partitions);
    } finally {
      weights.destroy();
    }
    stepSeconds.add((System.nanoTime() - start) / 1e9);
  }

  /** A local-SGD round: {@code steps} local steps on every replica from step {@code s}, averaged. */
  private void round(JavaRDD<Shard> train, int partitions, int epoch, int s, int steps) {
    long start = System.nanoTime();
    long version = trainer.steps();
    Broadcast<Weights> weights = sc.broadcast(Weights.of(model, version));
    Broadcast<OptimizerState> state = sc.broadcast(OptimizerState.of(optimizer, version));
    try {
      LocalRound task = new LocalRound(run, spec, options, weights, state, version, epoch, s,
          steps, batchSize, partitions, hook);
      PartialSum total = train.mapPartitionsWithIndex(task, true).treeAggregate(
          new OrderedTreeSum(partitions), OrderedTreeSum::merge, OrderedTreeSum::merge, 2)
          .total();
      ReplicaState.loadAverage(total, partitions, model, optimizer);
      trainer.countSteps(steps, batchSize * partitions, total.loss / ((double) steps
          * partitions), Replica.boxed(total.metricSums));
    } finally {
      weights.destroy();
      state.destroy();
    }
    stepSeconds.add((System.nanoTime() - start) / 1e9);
  }

  private int trainableCount() {
    return (int) model.parameters().stream().filter(p -> !model.isFrozen(p)).count();
  }

  /** Configures a {@link SparkTrainer}. */
  public static final class Builder {
    private final JavaSparkContext sc;
    private final TrainingSpec spec;
    private int batchSize = 32;
    private long seed;
    private LearningRateSchedule schedule = LearningRateSchedule.constant();
    private double clipNorm;
    private Path checkpoint;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private ComputeShare.Hook hook;
    private int averageEvery = 1;

    private Builder(JavaSparkContext sc, TrainingSpec spec) {
      this.sc = Preconditions.checkNotNull(sc, "Spark context is null");
      this.spec = Preconditions.checkNotNull(spec, "training spec is null");
    }

    /** Examples per partition per step, {@code b} (default 32): the global batch is N·b. */
    public Builder batchSize(int b) {
      Preconditions.checkArgument(b >= 1, "batch size must be at least 1, not %s", b);
      this.batchSize = b;
      return this;
    }

    /**
     * {@code 1} (the default): synchronous training, the gradients summed every step — the
     * result of one machine. {@code k > 1}: local SGD — every replica trains k steps alone,
     * then weights, running statistics and optimizer state are averaged over the replicas (a
     * different algorithm, see the class comment); an epoch's last round may be shorter.
     */
    public Builder averageEvery(int k) {
      Preconditions.checkArgument(k >= 1, "averaging must happen every k >= 1 steps, not %s;"
          + " 1 is synchronous training", k);
      this.averageEvery = k;
      return this;
    }

    /** Seed of the shuffles and dropout masks (default 0). */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** The learning rate per epoch, as {@link TrainerBuilder#schedule}. */
    public Builder schedule(LearningRateSchedule s) {
      this.schedule = Preconditions.checkNotNull(s, "schedule is null");
      return this;
    }

    /** Clips the summed gradient's global norm, as {@link TrainerBuilder#clipGradientNorm}. */
    public Builder clipGradientNorm(double maxNorm) {
      Preconditions.checkArgument(maxNorm >= 0, "max norm must be >= 0, not %s", maxNorm);
      this.clipNorm = maxNorm;
      return this;
    }

    /** Saves the driver's run after every epoch, as {@link TrainerBuilder#checkpoint}. */
    public Builder checkpoint(Path file) {
      this.checkpoint = Preconditions.checkNotNull(file, "checkpoint file is null");
      return this;
    }

    /** Told of every epoch and step, on the driver. */
    public Builder listener(TrainingListener l) {
      listeners.add(Preconditions.checkNotNull(l, "listener is null"));
      return this;
    }

    /** Runs before every task (tests inject failures with it). */
    Builder hook(ComputeShare.Hook h) {
      this.hook = h;
      return this;
    }

    public SparkTrainer build() {
      return new SparkTrainer(this);
    }
  }
}
