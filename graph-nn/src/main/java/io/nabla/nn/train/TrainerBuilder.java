package io.nabla.nn.train;

import com.google.common.base.Preconditions;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.LearningRateSchedule;
import io.nabla.nn.optim.Optimizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Configures a {@link Trainer}: {@code Trainer.builder(model, optimizer).loss(…).seed(…).build()}.
 */
public final class TrainerBuilder {
  final Model model;
  final Optimizer optimizer;
  Loss loss = Loss.crossEntropy();
  LearningRateSchedule schedule = LearningRateSchedule.constant();
  double clipNorm;
  int patience;
  long seed;
  boolean trapNonFinite;
  boolean stopOnNonFinite = true;
  final List<TrainingListener> listeners = new ArrayList<>();
  final List<Metric> metrics = new ArrayList<>();
  Path checkpoint;

  TrainerBuilder(Model model, Optimizer optimizer) {
    this.model = Preconditions.checkNotNull(model, "model is null");
    this.optimizer = Preconditions.checkNotNull(optimizer, "optimizer is null");
  }

  /** The loss to minimise (default: cross-entropy of the sole output against the labels). */
  public TrainerBuilder loss(Loss l) {
    this.loss = Preconditions.checkNotNull(l, "loss is null");
    return this;
  }

  /**
   * Metrics to report per epoch, instead of the loss's defaults (accuracy for cross-entropy,
   * MAE for regression losses).
   */
  public TrainerBuilder metrics(Metric... ms) {
    for (Metric m : ms) {
      metrics.add(Preconditions.checkNotNull(m, "metric is null"));
    }
    return this;
  }

  /** The learning rate per epoch (default: the optimizer's rate throughout). */
  public TrainerBuilder schedule(LearningRateSchedule s) {
    this.schedule = s;
    return this;
  }

  /** Rescale gradients whose global L2 norm exceeds {@code maxNorm} (0 = off). */
  public TrainerBuilder clipGradientNorm(double maxNorm) {
    Preconditions.checkArgument(maxNorm >= 0, "max norm must be >= 0, not %s", maxNorm);
    this.clipNorm = maxNorm;
    return this;
  }

  /** Stop after {@code epochs} epochs without improvement, keeping the best weights. */
  public TrainerBuilder earlyStopping(int epochs) {
    Preconditions.checkArgument(epochs >= 1, "patience must be at least 1 epoch, not %s",
        epochs);
    this.patience = epochs;
    return this;
  }

  /** Seed of shuffling and of dropout masks (default 0): same seed, same training. */
  public TrainerBuilder seed(long s) {
    this.seed = s;
    return this;
  }

  /**
   * Stop at the first node, forward or backward, that produces a NaN or an infinity, with an
   * error naming it, its op and its inputs' shapes and value ranges (slower: every output is
   * scanned).
   */
  public TrainerBuilder trapNonFinite(boolean on) {
    this.trapNonFinite = on;
    return this;
  }

  /**
   * Stop with a {@link DivergenceException}, before the optimizer's update, at the first step
   * whose loss or gradient is NaN or infinite, keeping the last good weights (default on; one
   * cheap pass over the gradients per step).
   */
  public TrainerBuilder stopOnNonFinite(boolean on) {
    this.stopOnNonFinite = on;
    return this;
  }

  /** Told of every epoch and step (see {@link TrainingListener}). */
  public TrainerBuilder listener(TrainingListener l) {
    listeners.add(Preconditions.checkNotNull(l, "listener is null"));
    return this;
  }

  /** Show a progress bar on the terminal (standard error) while training. */
  public TrainerBuilder progressBar(boolean on) {
    if (on) {
      listeners.add(new ProgressBarListener());
    }
    return this;
  }

  /**
   * Save everything needed to continue the run — the model, the optimizer's state and the
   * trainer's progress — to {@code file} after every epoch, atomically, so that a crash
   * leaves the last complete epoch's checkpoint; {@link Trainer#resume} continues from it.
   */
  public TrainerBuilder checkpoint(Path file) {
    this.checkpoint = Preconditions.checkNotNull(file, "checkpoint file is null");
    return this;
  }

  /** The trainer: its loss, gradients and plans are built over the model once, here. */
  public Trainer build() {
    return new Trainer(this);
  }
}
