package io.nabla.nn.train;

import java.util.List;

/**
 * The running totals of the epoch a trainer is in: its number, the steps taken, their loss
 * weighted by examples, and the metric sums of the steps that measured them.
 */
final class EpochTally {
  final int epoch;
  final MetricSums sums;
  private int steps;
  private double lossSum;
  private long examples;

  EpochTally(int epoch, MetricSums sums) {
    this.epoch = epoch;
    this.sums = sums;
  }

  /** Adds a step of {@code n} examples with mean loss {@code loss}; returns its number (from 1). */
  int step(double loss, int n) {
    lossSum += loss * n;
    examples += n;
    return ++steps;
  }

  /** Adds metric sums measured elsewhere for {@code n} examples (none when empty). */
  void addSums(List<Double> raw, long n) {
    if (!raw.isEmpty()) {
      sums.addSums(raw, n);
    }
  }

  long examples() {
    return examples;
  }

  /** The mean loss per example. */
  double meanLoss() {
    return lossSum / examples;
  }
}
