package io.nabla.nn.optim;

import com.google.common.base.Preconditions;

/** The learning rate for each epoch (counted from 0), given the base rate. */
@FunctionalInterface
public interface LearningRateSchedule {

  double rate(double base, int epoch);

  /** The base rate throughout. */
  static LearningRateSchedule constant() {
    return (base, epoch) -> base;
  }

  /** Multiplied by {@code factor} every {@code every} epochs. */
  static LearningRateSchedule step(int every, double factor) {
    Preconditions.checkArgument(every >= 1 && factor > 0,
        "step schedule needs every >= 1 and factor > 0, not %s and %s", every, (Double) factor);
    return (base, epoch) -> base * Math.pow(factor, epoch / every);
  }

  /** Cosine annealing from the base rate to {@code min} over {@code epochs} epochs. */
  static LearningRateSchedule cosine(int epochs, double min) {
    Preconditions.checkArgument(epochs >= 1, "cosine schedule needs epochs >= 1, not %s",
        epochs);
    return (base, epoch) -> min + (base - min)
        * (1 + Math.cos(Math.PI * Math.min(epoch, epochs) / epochs)) / 2;
  }
}
