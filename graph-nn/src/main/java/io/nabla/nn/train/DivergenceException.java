package io.nabla.nn.train;

/**
 * Training stopped because a step's loss or gradient was NaN or infinite; the step's update
 * was not applied. Thrown by {@link Trainer#step} and {@link Trainer#fit} unless {@link
 * TrainerBuilder#stopOnNonFinite} turned the check off.
 */
public final class DivergenceException extends ArithmeticException {
  private final long step;

  DivergenceException(long step, String message) {
    super(message);
    this.step = step;
  }

  /** The step that was refused, counting the run's steps from 1. */
  public long step() {
    return step;
  }
}
