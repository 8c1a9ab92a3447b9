package io.nabla.nn.train;

/**
 * The training steps of one epoch, run by a {@link Trainer} that does everything around them —
 * the learning-rate schedule, evaluation, early stopping, the checkpoint after the epoch,
 * listeners and history: {@link Trainer#fitUntil(EpochSteps, io.nabla.nn.data.Dataset, int)}.
 * The trainer's own {@code fit} cuts a dataset into shuffled mini-batches and calls {@link
 * Trainer#step} on each; a distributed trainer computes each step's gradients elsewhere and
 * calls {@link Trainer#applyGradients}.
 */
public interface EpochSteps {

  /** How many steps epoch {@code epoch} (counted from 1) takes, for progress listeners. */
  int count(int epoch);

  /**
   * Takes epoch {@code epoch}'s steps, each through {@code trainer}'s {@link Trainer#step} or
   * {@link Trainer#applyGradients}, which count the steps and sum the epoch's loss.
   */
  void run(Trainer trainer, int epoch);
}
