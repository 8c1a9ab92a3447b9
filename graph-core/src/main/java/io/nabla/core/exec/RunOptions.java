package io.nabla.core.exec;

/**
 * How one run behaves: training or inference (batch norm, dropout) and the seed of its random
 * source. Immutable; {@code RunOptions.forTraining().withSeed(7)}.
 */
public record RunOptions(boolean training, long seed, boolean trapNonFinite) {
  private static final RunOptions INFERENCE = new RunOptions(false, 0L, false);

  /** An inference run with seed 0. */
  public static RunOptions forInference() {
    return INFERENCE;
  }

  /** A training run with seed 0. */
  public static RunOptions forTraining() {
    return new RunOptions(true, 0L, false);
  }

  /** The same options with another seed. */
  public RunOptions withSeed(long newSeed) {
    return new RunOptions(training, newSeed, trapNonFinite);
  }

  /**
   * The same options, stopping at the first node that produces a NaN or an infinity, with an
   * error naming it (slower: every output is scanned).
   */
  public RunOptions trappingNonFinite() {
    return new RunOptions(training, seed, true);
  }
}
