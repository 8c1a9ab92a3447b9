package io.nabla.samples;

import io.nabla.nn.train.EpochRecord;
import io.nabla.nn.train.TrainingListener;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints one line per epoch: losses, accuracies, time and speed. */
final class EpochPrinter implements TrainingListener {
  private final PrintStream out;

  EpochPrinter(PrintStream out) {
    this.out = out;
  }

  @Override
  public void epochFinished(EpochRecord r) {
    out.printf(Locale.ROOT, "epoch %d: train loss %.4f", r.epoch(), r.trainLoss());
    if (!Double.isNaN(r.trainAccuracy())) {
      out.printf(Locale.ROOT, ", train accuracy %.4f", r.trainAccuracy());
    }
    if (!Double.isNaN(r.testLoss())) {
      out.printf(Locale.ROOT, ", test loss %.4f", r.testLoss());
    }
    if (!Double.isNaN(r.testAccuracy())) {
      out.printf(Locale.ROOT, ", test accuracy %.4f", r.testAccuracy());
    }
    out.printf(Locale.ROOT, " (%.1f s, %.0f examples/s)%n", r.seconds(), r.examplesPerSecond());
  }

  /** The median training speed over the epochs. */
  static double medianRate(List<EpochRecord> history) {
    double[] rates = history.stream().mapToDouble(EpochRecord::examplesPerSecond).sorted()
        .toArray();
    int n = rates.length;
    return n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
  }
}
