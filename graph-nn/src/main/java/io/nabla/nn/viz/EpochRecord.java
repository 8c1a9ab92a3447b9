package io.nabla.nn.viz;

/**
 * What one training epoch measured. A value that was not measured (no test set, accuracy not
 * computed) is {@link Double#NaN}.
 *
 * @param epoch the epoch's number, usually counted from 1
 * @param trainLoss mean loss over the training batches
 * @param trainAccuracy fraction (or percentage) of training examples classified correctly
 * @param testLoss mean loss over the test set
 * @param testAccuracy fraction (or percentage) of test examples classified correctly
 * @param seconds wall-clock time the epoch took
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double testLoss,
    double testAccuracy, double seconds) {}
