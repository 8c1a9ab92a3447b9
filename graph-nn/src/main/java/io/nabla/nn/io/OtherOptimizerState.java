package io.nabla.nn.io;

import io.nabla.core.tensor.Tensor;
import io.nabla.nn.optim.Optimizer;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * What loading a checkpoint does with optimizer state saved by another kind of optimizer than
 * the one it is loaded into (an {@code Adam}'s moments given to an {@code Sgd}): state of one
 * kind means nothing to another, so it is never loaded as if it fitted. The kind is the
 * optimizer's class name, saved under {@link Checkpoint#OPTIMIZER_KEY} (a training checkpoint's
 * {@code trainer.optimizer} counts too); a file that names no kind is not checked.
 */
public enum OtherOptimizerState {
  /** Refuse the load, changing nothing, with a message naming both kinds (the default). */
  REFUSE,
  /**
   * Load the weights and start the optimizer afresh, as if it had never stepped: the saved
   * state is left unread and the optimizer's own state is cleared.
   */
  DROP;

  private static final String TRAINER_KEY = "trainer.optimizer";

  /** The kind of {@code optimizer}, as saved in a checkpoint: its class's simple name. */
  static String kindOf(Optimizer optimizer) {
    return optimizer.getClass().getSimpleName();
  }

  /**
   * True when {@code state}, read from {@code file} with {@code metadata}, is to be loaded into
   * {@code optimizer}; false when it is to be dropped.
   *
   * @throws IllegalArgumentException under {@link #REFUSE}, when the file holds state of
   *     another kind
   */
  boolean admits(Path file, Map<String, String> metadata, Map<String, Tensor> state,
      Optimizer optimizer) {
    String saved = metadata.getOrDefault(Checkpoint.OPTIMIZER_KEY, metadata.get(TRAINER_KEY));
    String mine = kindOf(optimizer);
    if (saved == null || saved.equals(mine) || state.isEmpty()) {
      return true;
    }
    if (this == DROP) {
      return false;
    }
    TreeSet<String> kinds = new TreeSet<>();
    state.keySet().forEach(k -> kinds.add(k.contains("/") ? k.substring(0, k.indexOf('/'))
        + "/…" : k));
    throw new IllegalArgumentException(file + " holds the state of optimizer " + saved + " ("
        + String.join(", ", kinds) + ") but is loaded into optimizer " + mine + ", which cannot"
        + " use it. Load it into " + saved + " to continue that optimizer, or pass"
        + " OtherOptimizerState.DROP to Checkpoint.load (or CheckpointContents.applyTo) to load"
        + " the weights and start the " + mine + " afresh");
  }
}
