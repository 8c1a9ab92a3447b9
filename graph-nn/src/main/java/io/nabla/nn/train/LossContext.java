package io.nabla.nn.train;

import io.nabla.core.graph.Node;
import io.nabla.nn.model.Model;

/**
 * What a {@link Loss} builds with: the model's outputs and inputs, and targets fed from the
 * dataset's named target tensors with each batch. Nodes it builds go into the trainer's own
 * graph extension, never into the model's graph.
 */
public interface LossContext {

  /** The model being trained. */
  Model model();

  /** The output named {@code name}, or the sole output when {@code name} is null. */
  Node output(String name);

  /** The input named {@code name}, or the sole input when {@code name} is null. */
  Node input(String name);

  /**
   * Class indices {@code [?]}, one per example, fed from the dataset's target {@code name}
   * (null: the output's name, or the dataset's sole target), to compare with class scores
   * {@code output} {@code [?, C]}; the trainer checks every label is one of the C classes.
   */
  Node labels(String name, Node output);

  /**
   * Values shaped like {@code output}, fed from the dataset's target {@code name} (null: the
   * output's name, or the dataset's sole target); a target of {@code [N]} fits an output of
   * {@code [?, 1]}.
   */
  Node target(String name, Node output);

  /** Reports the scalar {@code value} under {@code name} for every epoch (e.g. one term's loss). */
  void report(String name, Node value);
}
