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
   * The same options, stopping at the first node that produces a NaN or an infinity, forward or
   * backward, with a {@link GraphRunException} naming it, its op, its inputs' shapes and value
   * ranges; a non-finite value that is fed, or held by a variable or constant, is blamed on
   * that source (slower: every value is scanned).
   */
  public RunOptions trappingNonFinite() {
    return new RunOptions(training, seed, true);
  }
}
