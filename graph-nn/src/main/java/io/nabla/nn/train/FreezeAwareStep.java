package io.nabla.nn.train;

import io.nabla.core.graph.Node;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A trainer's {@link TrainStep} over the model's parameters that are not frozen, rebuilt when
 * the frozen set changes. Gradients exist for every parameter; a step fetches only those of the
 * trainable ones, so nothing is computed for a frozen parameter and its optimizer never sees it.
 */
final class FreezeAwareStep {
  private final Model model;
  private final Node loss;
  private final List<Node> gradients;
  private final List<Node> extraFetches;
  private final Optimizer optimizer;
  private final double clipNorm;
  private final boolean stopOnNonFinite;
  private final long seed;
  private TrainStep step;
  private long version = -1;

  FreezeAwareStep(Model model, Node loss, List<Node> gradients, List<Node> extraFetches,
      Optimizer optimizer, double clipNorm, boolean stopOnNonFinite, long seed) {
    this.model = model;
    this.loss = loss;
    this.gradients = gradients;
    this.extraFetches = List.copyOf(extraFetches);
    this.optimizer = optimizer;
    this.clipNorm = clipNorm;
    this.stopOnNonFinite = stopOnNonFinite;
    this.seed = seed;
  }

  /**
   * The step over the parameters trainable now.
   *
   * @throws IllegalStateException when every parameter is frozen
   */
  TrainStep current() {
    long now = model.freezeVersion();
    if (step == null || now != version) {
      List<Parameter> trainable = new ArrayList<>();
      List<Node> grads = new ArrayList<>();
      for (int i = 0; i < model.parameters().size(); i++) {
        Parameter p = model.parameters().get(i);
        if (!model.isFrozen(p)) {
          trainable.add(p);
          grads.add(gradients.get(i));
        }
      }
      if (trainable.isEmpty()) {
        throw new IllegalStateException("every parameter of the model is frozen, so training"
            + " would change nothing; unfreeze some layers first (model.unfreeze(…))");
      }
      step = TrainStep.builder(model.session(), loss, trainable, optimizer)
          .gradients(grads).fetch(extraFetches).runningAverages(model.runningAverages())
          .clipGradientNorm(clipNorm).stopOnNonFinite(stopOnNonFinite).seed(seed).build();
      version = now;
    }
    return step;
  }
}
