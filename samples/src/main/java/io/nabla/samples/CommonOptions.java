package io.nabla.samples;

import io.nabla.core.exec.Parallel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every sample takes; each sample supplies its own defaults. */
final class CommonOptions {
  @Option(names = "--epochs", description = "training epochs (default: per sample)")
  Integer epochs;

  @Option(names = "--batch", description = "mini-batch size (default: per sample)")
  Integer batch;

  @Option(names = "--lr", description = "learning rate (default: per sample)")
  Double lr;

  @Option(names = "--seed", defaultValue = "0", description = "seed of initialisation,"
      + " shuffling and dropout (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--threads", description = "worker threads (default: all cores)")
  Integer threads;

  @Option(names = "--data", description = "directory with MNIST-format IDX files (default:"
      + " /usr/share/datasets/fashion-mnist when installed)")
  Path data;

  @Option(names = "--out", description = "where to write files (default: out/<sample>)")
  Path out;

  @Option(names = "--limit", description = "use at most this many training examples (and a"
      + " sixth as many test examples): quick runs")
  Integer limit;

  int epochs(int fallback) {
    return epochs != null ? epochs : fallback;
  }

  int batch(int fallback) {
    return batch != null ? batch : fallback;
  }

  double lr(double fallback) {
    return lr != null ? lr : fallback;
  }

  Path out(String sample) {
    return out != null ? out : Path.of("out", sample);
  }

  /** Applies {@code --threads} to the kernels' worker pool. */
  void applyThreads() {
    if (threads != null) {
      Parallel.setThreads(threads);
    }
  }
}
