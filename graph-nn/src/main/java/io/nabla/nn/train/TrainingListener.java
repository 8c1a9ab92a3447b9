package io.nabla.nn.train;

/** Hears what a trainer does; every method does nothing unless overridden. */
public interface TrainingListener {

  /** Before the first batch of {@code epoch} (counted from 1). */
  default void epochStarted(int epoch, int batches) {}

  /** After each training step. */
  default void batchFinished(int epoch, int batch, double loss) {}

  /** After each epoch, with its figures. */
  default void epochFinished(EpochRecord record) {}
}
