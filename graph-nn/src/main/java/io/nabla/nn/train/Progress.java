package io.nabla.nn.train;

import io.nabla.nn.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * How far a training run has come: epochs and steps done, the history, and early stopping's
 * bookkeeping. With the model and the optimizer, it is all a run needs to continue exactly
 * where it stopped (shuffling is seeded by the epoch, dropout by the step).
 */
final class Progress {
  /** Improvement of the monitored loss below which an epoch does not count as better. */
  private static final double MIN_DELTA = 1e-6;

  int epochs;
  long steps;
  final List<EpochRecord> history = new ArrayList<>();
  double best = Double.POSITIVE_INFINITY;
  int sinceBest;
  /** Early stopping ended the run; nothing is left to train. */
  boolean stopped;
  /** The weights of the best epoch so far (early stopping only), else null. */
  Snapshot bestWeights;

  /**
   * Records a finished epoch and, when {@code patience > 0}, early stopping's view of its
   * {@code monitored} loss; returns whether the run must stop because that loss has not
   * improved for {@code patience} epochs.
   */
  boolean finishEpoch(EpochRecord record, double monitored, int patience, Model model) {
    history.add(record);
    epochs = record.epoch();
    if (patience <= 0) {
      return false;
    }
    if (monitored < best - MIN_DELTA) {
      best = monitored;
      bestWeights = Snapshot.of(model);
      sinceBest = 0;
    } else if (++sinceBest >= patience) {
      stopped = true;
    }
    return stopped;
  }
}
