package io.nabla.core.graph;

import io.nabla.core.tensor.Tensor;
import java.util.SplittableRandom;

/** What an op's forward computation sees while the executor runs it. */
public interface OpContext {

  /** The node being computed. */
  Node node();

  /** Value of input {@code index}; read-only for the op. */
  Tensor input(int index);

  int inputCount();

  /** The buffer to write the result into, already shaped by {@link Op#outputShape}. */
  Tensor output();

  /** True in a training run (batch norm uses batch statistics, dropout drops). */
  boolean training();

  /**
   * A random source seeded from the run's seed and this node, so that a run with the same seed
   * draws the same numbers whatever the execution order or thread count.
   */
  SplittableRandom random();
}
