package io.nabla.nn.train;

/**
 * What one epoch measured. Test figures are NaN when no test set was given; accuracies are NaN
 * for a loss that does not classify.
 */
public record EpochRecord(int epoch, double trainLoss, double trainAccuracy, double testLoss,
    double testAccuracy, double seconds, double examplesPerSecond, double learningRate) {}
