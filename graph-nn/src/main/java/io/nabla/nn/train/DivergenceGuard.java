package io.nabla.nn.train;

import io.nabla.core.tensor.Tensor;
import java.util.List;

/**
 * Decides, before an optimizer update, whether a training step may apply it: the loss and
 * every gradient must be finite. One pass over the gradients — little next to the backward pass
 * that made them — so the trainer runs it on every step by default, like Keras's
 * {@code TerminateOnNaN}; unlike it, the update is never applied, so the weights stay those of
 * the last good step.
 */
final class DivergenceGuard {
  private DivergenceGuard() {}

  /**
   * Throws when {@code loss} or a gradient is NaN or infinite.
   *
   * @param step the step's number in the run, counting from 1
   * @param names the parameters' names, in the order of {@code gradients}
   * @throws DivergenceException naming the step, the loss, the first non-finite gradient and
   *     how to find the node that produced it
   */
  static void check(long step, double loss, List<String> names, List<Tensor> gradients) {
    String problem = null;
    if (!Double.isFinite(loss)) {
      problem = "the loss is " + loss;
    }
    for (int i = 0; i < gradients.size() && problem == null; i++) {
      float[] g = gradients.get(i).data();
      int size = gradients.get(i).size();
      for (int j = 0; j < size; j++) {
        if (!Float.isFinite(g[j])) {
          problem = "the loss is " + loss + " but the gradient of '" + names.get(i)
              + "' holds " + g[j] + " at element " + j;
          break;
        }
      }
    }
    if (problem != null) {
      throw new DivergenceException(step, "training diverged at step " + step + ": " + problem
          + ". The update was not applied, so the weights are those after step " + (step - 1)
          + ". Lower the learning rate or clip the gradients (TrainerBuilder"
          + ".clipGradientNorm); TrainerBuilder.trapNonFinite(true) names the node that first"
          + " produced the non-finite value; TrainerBuilder.stopOnNonFinite(false) turns this"
          + " check off");
    }
  }
}
