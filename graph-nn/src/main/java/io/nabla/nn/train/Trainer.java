package io.nabla.nn.train;

import com.google.common.base.Preconditions;
import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.nn.data.Batch;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.optim.LearningRateSchedule;
import io.nabla.nn.optim.Optimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains a model with mini-batches: builds the loss, its targets and gradients once in its own
 * extension of the model's graph, then per step runs a {@link TrainStep} over the parameters not
 * frozen (forward and backward in training mode, clipping, the optimizer's update, the running
 * statistics) and sums the metrics; evaluation runs in inference mode.
 *
 * <p>One trainer trains on one thread. Other threads may meanwhile predict with the model, take
 * {@link io.nabla.core.exec.Session#read} snapshots or save checkpoints: each step's update is
 * atomic for them.
 *
 * <pre>{@code
 * Trainer t = Trainer.builder(model, new Sgd(0.05, 0.9)).progressBar(true).build();
 * List<EpochRecord> history = t.fit(train, test, 5, 64);
 * Evaluation e = t.evaluate(test);
 * }</pre>
 *
 * <p>A run is reproducible: shuffling is seeded by the seed and the epoch, dropout by the seed
 * and the step. With {@link TrainerBuilder#checkpoint} it saves itself after every epoch and {@link
 * #resume} continues it, with the same result as a run that was never interrupted.
 */
public final class Trainer {
  private final Model model;
  private final Optimizer optimizer;
  private final Loss loss;
  private final LearningRateSchedule schedule;
  private final double baseRate;
  private final int patience;
  private final long seed;
  private final boolean trapNonFinite;
  private final List<TrainingListener> listeners;

  private final Graph graph;
  private final Targets targets;
  private final Node lossNode;
  private final List<Node> gradients;
  private final List<MetricSums.Measured> metrics;
  private final Feeds feeding;
  private final BatchCheck check;
  private final Evaluator evaluator;
  private final Path checkpoint;
  private Progress progress = new Progress();
  private final FreezeAwareStep step;
  /** The current epoch's totals (null outside an epoch). */
  private EpochTally currentEpoch;

  Trainer(TrainerBuilder b) {
    this.model = b.model;
    this.optimizer = b.optimizer;
    this.loss = b.loss;
    this.schedule = b.schedule;
    this.baseRate = b.optimizer.learningRate();
    this.patience = b.patience;
    this.seed = b.seed;
    this.trapNonFinite = b.trapNonFinite;
    this.listeners = List.copyOf(b.listeners);
    this.checkpoint = b.checkpoint;
    // the targets, loss and gradients live in the trainer's own extension of the model's graph:
    // any number of trainers can be built over one model without clashing or growing it
    this.graph = model.graph().extend("train");
    this.targets = new Targets(model, graph);
    List<Metric> chosen = b.metrics.isEmpty() ? loss.defaultMetrics() : b.metrics;
    List<MetricSums.Measured> measured = new ArrayList<>();
    try (Scope open = graph.open()) {
      this.lossNode = loss.build(targets);
      Preconditions.checkArgument(lossNode.shape().size() == 1,
          "the loss must be a scalar, but '%s' is %s; reduce it, e.g. with mean(…)",
          lossNode.name(), lossNode.shape().describe());
      // gradients of every parameter, built once; a step fetches those of the unfrozen ones,
      // so nothing is computed for a frozen parameter
      this.gradients = Autodiff.gradients(lossNode,
          model.parameters().stream().map(Parameter::variable).toList());
      for (Metric m : chosen) {
        Node out = targets.output(m.output());
        measured.add(new MetricSums.Measured(m, out, targets.nameFor(m.target(), out)));
      }
    }
    this.metrics = List.copyOf(measured);
    this.feeding = new Feeds(model, targets.targets(),
        metrics.stream().map(MetricSums.Measured::target).toList());
    this.check = new BatchCheck(model, feeding, targets.targets());
    this.evaluator = new Evaluator(model, lossNode, targets, metrics, feeding, check);
    List<Node> extra = new ArrayList<>(targets.reported().values());
    metrics.forEach(m -> extra.add(m.output()));
    this.step = new FreezeAwareStep(model, lossNode, gradients, extra, optimizer, b.clipNorm,
        b.stopOnNonFinite, seed);
  }

  /** A trainer of {@code model} with {@code optimizer}, cross-entropy loss by default. */
  public static TrainerBuilder builder(Model model, Optimizer optimizer) {
    return new TrainerBuilder(model, optimizer);
  }

  /**
   * The trainer's extension of the model's graph: the model's nodes and the trainer's own
   * (targets, loss, gradients, under {@code train/}), for inspection or DOT dumps. The model's
   * own graph does not grow when a trainer is built.
   */
  public Graph graph() {
    return graph;
  }

  /** The loss node built on the model's output (for inspection or DOT dumps). */
  public Node lossNode() {
    return lossNode;
  }

  /** The gradient of the loss for each parameter, in the model's order. */
  public List<Node> gradients() {
    return gradients;
  }

  /** Training steps taken so far, including those of a resumed run. */
  public long steps() {
    return progress.steps;
  }

  /** Epochs completed so far, including those of a resumed run. */
  public int epochsCompleted() {
    return progress.epochs;
  }

  /** The record of every epoch completed so far, including those of a resumed run. */
  public List<EpochRecord> history() {
    return List.copyOf(progress.history);
  }

  /**
   * Continues the run saved in {@code file} by a trainer built with {@link
   * TrainerBuilder#checkpoint}: restores the model's parameters and running statistics, the
   * optimizer's state and the trainer's progress (epochs and steps done, history, early
   * stopping), so that {@link #fit} goes on with the next epoch and gives the same weights,
   * bit for bit, as a run that was never interrupted. The trainer must be built as for the
   * saved run: same model, seed, optimizer and learning rate.
   *
   * @return this trainer
   * @throws IllegalArgumentException naming the difference when the seed, the base learning
   *     rate or the optimizer's kind differs from the saved run's
   * @throws io.nabla.nn.io.CheckpointFormatException when the file is damaged, does not fit
   *     the model or holds no training progress; nothing is changed
   * @throws IOException when the file cannot be read
   */
  public Trainer resume(Path file) throws IOException {
    progress = TrainingCheckpoint.restore(file, model, identity());
    return this;
  }

  /**
   * Trains {@code epochs} more epochs (as Keras's and PyTorch Lightning's {@code fit} do: a
   * second call trains as many again), with shuffled mini-batches, evaluating on {@code test}
   * (may be null) after each epoch and saving the checkpoint, if one is set. Early stopping
   * starts afresh on each call: it stops when the monitored loss has not improved for its
   * patience and leaves the model with the best epoch's weights. To continue a resumed run up to
   * a total number of epochs, use {@link #fitUntil}.
   *
   * @return the record of every epoch completed, from the first
   * @throws IllegalArgumentException before training when a set is empty, its examples do not
   *     fit the model, a label is not one of its classes, or a value is NaN or infinite
   * @throws UncheckedIOException when the checkpoint cannot be written
   */
  public List<EpochRecord> fit(Dataset train, Dataset test, int epochs, int batchSize) {
    Preconditions.checkArgument(epochs >= 1 && batchSize >= 1,
        "epochs and batch size must be at least 1, not %s and %s", epochs, batchSize);
    progress.stopped = false;
    progress.sinceBest = 0;
    return fitUntil(train, test, progress.epochs + epochs, batchSize);
  }

  /**
   * Trains until {@code totalEpochs} epochs are completed in all, counting those of a resumed
   * run or of earlier calls (none if as many are done already, or early stopping ended the
   * run): {@code resume(file)} then {@code fitUntil(…, 10, …)} finishes a 10-epoch run exactly
   * as if it had never been interrupted. Otherwise as {@link #fit}.
   *
   * @return the record of every epoch completed, from the first
   */
  public List<EpochRecord> fitUntil(Dataset train, Dataset test, int totalEpochs,
      int batchSize) {
    Preconditions.checkArgument(totalEpochs >= 1 && batchSize >= 1,
        "epochs and batch size must be at least 1, not %s and %s", totalEpochs, batchSize);
    check.checkAll(train, "the training set");
    return fitUntil(localSteps(train, batchSize), test, totalEpochs);
  }

  /**
   * Trains until {@code totalEpochs} epochs are completed in all, as {@link #fitUntil(Dataset,
   * Dataset, int, int)}, with each epoch's steps taken by {@code steps} (e.g. on a cluster) and
   * everything around them — schedule, evaluation on {@code test} (may be null), early stopping,
   * checkpoint, listeners, history — done here as for a local run.
   *
   * @return the record of every epoch completed, from the first
   */
  public List<EpochRecord> fitUntil(EpochSteps steps, Dataset test, int totalEpochs) {
    Preconditions.checkNotNull(steps, "steps are null");
    Preconditions.checkArgument(totalEpochs >= 1, "epochs must be at least 1, not %s",
        totalEpochs);
    if (test != null) {
      check.checkAll(test, "the test set");
    }
    while (!progress.stopped && progress.epochs < totalEpochs) {
      int epoch = progress.epochs + 1;
      optimizer.setLearningRate(schedule.rate(baseRate, epoch - 1));
      EpochRecord record = trainEpoch(steps, test, epoch);
      double monitored = test != null ? record.testLoss() : record.trainLoss();
      progress.finishEpoch(record, monitored, patience, model);
      saveCheckpoint();
      listeners.forEach(l -> l.epochFinished(record));
    }
    if (progress.bestWeights != null) {
      progress.bestWeights.restore(model);
    }
    return history();
  }

  /**
   * Trains {@code epochs} more epochs with each epoch's steps taken by {@code steps}, early
   * stopping starting afresh, as {@link #fit(Dataset, Dataset, int, int)}.
   *
   * @return the record of every epoch completed, from the first
   */
  public List<EpochRecord> fit(EpochSteps steps, Dataset test, int epochs) {
    Preconditions.checkArgument(epochs >= 1, "epochs must be at least 1, not %s", epochs);
    progress.stopped = false;
    progress.sinceBest = 0;
    return fitUntil(steps, test, progress.epochs + epochs);
  }

  /** Shuffled mini-batches of {@code train} (checked whole), seeded by the seed and the epoch. */
  private EpochSteps localSteps(Dataset train, int batchSize) {
    return new EpochSteps() {
      @Override
      public int count(int epoch) {
        return (train.size() + batchSize - 1) / batchSize;
      }

      @Override
      public void run(Trainer trainer, int epoch) {
        for (Batch batch : train.batches(batchSize, new Random(seed * 7919 + epoch))) {
          checkedStep(batch);
        }
      }
    };
  }

  /**
   * Takes {@code steps} training steps on shuffled mini-batches of {@code train}, going through
   * the set as often as needed (a new order each pass, seeded by the seed and the step count);
   * no evaluation, checkpoint or early stopping. Returns the mean loss of those steps.
   *
   * @throws IllegalArgumentException before training when the set does not fit (as {@link #fit})
   */
  public double fitSteps(Dataset train, int steps, int batchSize) {
    Preconditions.checkArgument(steps >= 1 && batchSize >= 1,
        "steps and batch size must be at least 1, not %s and %s", steps, batchSize);
    check.checkAll(train, "the training set");
    optimizer.setLearningRate(schedule.rate(baseRate, progress.epochs));
    double sum = 0;
    int done = 0;
    while (done < steps) {
      List<Batch> batches = train.batches(batchSize, new Random(seed * 31 + progress.steps));
      for (int i = 0; i < batches.size() && done < steps; i++, done++) {
        sum += checkedStep(batches.get(i));
      }
    }
    return sum / steps;
  }

  private TrainingCheckpoint.Identity identity() {
    return new TrainingCheckpoint.Identity(seed, baseRate, optimizer);
  }

  private void saveCheckpoint() {
    if (checkpoint == null) {
      return;
    }
    try {
      TrainingCheckpoint.save(checkpoint, model, identity(), progress);
    } catch (IOException e) {
      throw new UncheckedIOException("could not save the checkpoint of epoch " + progress.epochs
          + " to " + checkpoint + " (the previous one is intact): " + e.getMessage(), e);
    }
  }

  private EpochRecord trainEpoch(EpochSteps steps, Dataset test, int epoch) {
    int count = steps.count(epoch);
    listeners.forEach(l -> l.epochStarted(epoch, count));
    long start = System.nanoTime();
    MetricSums sums = new MetricSums(metrics, targets.reported(), feeding, false);
    EpochTally tally = new EpochTally(epoch, sums);
    currentEpoch = tally;
    try {
      steps.run(this, epoch);
    } finally {
      currentEpoch = null;
    }
    Preconditions.checkState(tally.examples() > 0, "epoch %s took no steps; its EpochSteps must"
        + " call Trainer.step, Trainer.applyGradients or Trainer.countSteps", epoch);
    double seconds = (System.nanoTime() - start) / 1e9;
    double testLoss = Double.NaN;
    double testAccuracy = Double.NaN;
    // steps whose gradients came from elsewhere bring no metrics: none rather than zeros
    Map<String, Double> named = new LinkedHashMap<>(sums.isEmpty() ? Map.of() : sums.means(""));
    if (test != null) {
      Evaluation e = evaluate(test);
      testLoss = e.loss();
      testAccuracy = e.accuracy();
      e.metrics().forEach((k, v) -> named.put("test " + k, v));
    }
    return new EpochRecord(epoch, tally.meanLoss(), sums.accuracy(), testLoss, testAccuracy,
        seconds, tally.examples() / seconds, optimizer.learningRate(), named);
  }

  /** Counts a finished step of {@code examples} with loss {@code l} in the epoch, if in one. */
  private void stepFinished(double l, int examples) {
    progress.steps++;
    EpochTally tally = currentEpoch;
    if (tally != null) {
      int b = tally.step(l, examples);
      listeners.forEach(x -> x.batchFinished(tally.epoch, b, l));
    }
  }

  /**
   * One training step on {@code batch}: forward and backward in training mode, clipping, the
   * optimizer's update and the running statistics; returns the batch's loss. For hand-written
   * loops; {@link #fit} calls it for every mini-batch.
   *
   * @throws IllegalArgumentException when the batch is empty or does not fit the model, a label
   *     is not one of its classes, or an input or target is NaN or infinite
   */
  public double step(Batch batch) {
    check.check(batch);
    return checkedStep(batch);
  }

  /** A step on a batch already checked (those {@link #fit} cuts from a set it checked whole). */
  private double checkedStep(Batch batch) {
    TrainStep s = step.current();
    s.continueFrom(progress.steps);
    EpochTally tally = currentEpoch;
    double l = s.run(feeding.feeds(batch), runOptions(progress.steps), r -> {
      if (tally != null) {
        tally.sums.add(r, batch);
      }
    });
    stepFinished(l, batch.size());
    return l;
  }

  private RunOptions runOptions(long stepsDone) {
    RunOptions options = RunOptions.forTraining().withSeed(seed * 1_000_003 + stepsDone);
    return trapNonFinite ? options.trappingNonFinite() : options;
  }

  /**
   * The loss, gradients and running statistics of a step on {@code batch}, computed as {@link
   * #step} computes them — dropout seeded as step {@code stepsDone + 1} of this trainer's seed —
   * but applied to nothing: the model, the optimizer and the step count do not change. Several
   * replicas' results, summed, are what {@link #applyGradients} applies.
   *
   * @throws IllegalArgumentException when the batch is empty or does not fit the model (as
   *     {@link #step})
   */
  public StepGradients computeGradients(Batch batch, long stepsDone) {
    check.check(batch);
    MetricSums sums = new MetricSums(metrics, targets.reported(), feeding, false);
    StepGradients g = step.current().computeGradients(feeding.feeds(batch),
        runOptions(stepsDone), r -> sums.add(r, batch));
    return g.withMetricSums(sums.sums());
  }

  /**
   * Applies a step's values computed elsewhere (by {@link #computeGradients} on replicas of
   * this model, summed) through the code that {@link #step} runs: the divergence guard,
   * clipping, the optimizer's update and the running statistics, as one update; counts the step
   * and, inside {@link #fitUntil(EpochSteps, Dataset, int)}, adds its loss for {@code examples}
   * examples to the epoch's. Returns the loss.
   *
   * @throws IllegalArgumentException when {@code g} does not fit the parameters not frozen
   * @throws DivergenceException before anything changes, when the loss or a gradient is not
   *     finite (and the guard is on)
   */
  public double applyGradients(StepGradients g, int examples) {
    Preconditions.checkArgument(examples >= 1, "a step needs at least one example, not %s",
        examples);
    TrainStep s = step.current();
    s.continueFrom(progress.steps);
    s.applyGradients(g);
    addMetricSums(g.metricSums(), examples);
    stepFinished(g.loss(), examples);
    return g.loss();
  }

  /**
   * Counts {@code steps} steps of {@code examplesPerStep} examples each that were taken
   * elsewhere and whose result is already in the model and the optimizer — e.g. replicas that
   * each trained a few steps and were averaged into this model (local SGD) — and, inside {@link
   * #fitUntil(EpochSteps, Dataset, int)}, adds their mean loss and metric sums ({@link
   * StepGradients#metricSums}, may be empty) to the epoch's. Listeners hear of each step.
   *
   * @throws IllegalArgumentException when a count is below 1 or the loss is not finite
   */
  public void countSteps(int steps, int examplesPerStep, double meanLoss,
      List<Double> metricSums) {
    Preconditions.checkArgument(steps >= 1 && examplesPerStep >= 1,
        "steps and examples per step must be at least 1, not %s and %s", steps,
        examplesPerStep);
    Preconditions.checkArgument(Double.isFinite(meanLoss),
        "the steps' mean loss is %s; a diverged run is not counted", meanLoss);
    addMetricSums(metricSums, (long) steps * examplesPerStep);
    for (int i = 0; i < steps; i++) {
      stepFinished(meanLoss, examplesPerStep);
    }
  }

  private void addMetricSums(List<Double> sums, long examples) {
    if (currentEpoch != null) {
      currentEpoch.addSums(sums, examples);
    }
  }

  /**
   * Loss, metrics (accuracy by default for a classifier) and confusion matrix in inference mode,
   * 500 examples at a time.
   *
   * @throws IllegalArgumentException when the set is empty, lacks an input or target, its
   *     examples do not fit the model, a label is not one of its classes, or a value is NaN or
   *     infinite
   */
  public Evaluation evaluate(Dataset data) {
    return evaluator.evaluate(data);
  }

}
