package io.nabla.nn.train;

import com.google.common.base.Preconditions;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.model.RunningAverage;
import io.nabla.nn.optim.GradientClipping;
import io.nabla.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a training step does with the values its plan fetched (or a sum of them computed
 * elsewhere, as {@link StepGradients}): refuses a non-finite loss or
 * gradient (the divergence guard), clips, lets the optimizer update the parameters and moves the
 * running statistics — as one session update, so predictions, snapshots and checkpoint saves on
 * other threads see the whole step or none of it.
 */
final class ParameterUpdate {
  private final Session session;
  private final List<Parameter> parameters;
  private final List<RunningAverage> runningAverages;
  private final Optimizer optimizer;
  private final List<Node> gradients;
  private final double clipNorm;
  private final boolean stopOnNonFinite;

  /**
   * Updates {@code parameters} from {@code gradients} (one each, in order) and moves {@code
   * runningAverages}, in {@code session}.
   */
  ParameterUpdate(Session session, List<Parameter> parameters,
      List<RunningAverage> runningAverages, Optimizer optimizer, List<Node> gradients,
      double clipNorm, boolean stopOnNonFinite) {
    this.session = session;
    this.parameters = List.copyOf(parameters);
    this.runningAverages = List.copyOf(runningAverages);
    this.optimizer = optimizer;
    this.gradients = gradients;
    this.clipNorm = clipNorm;
    this.stopOnNonFinite = stopOnNonFinite;
  }

  /**
   * Applies step {@code step}'s values {@code g}, whether this process computed them or they
   * were summed elsewhere.
   *
   * @throws DivergenceException before anything changes, when the guard is on and the loss or a
   *     gradient is not finite
   */
  void apply(long step, StepGradients g) {
    List<Tensor> grads = g.gradients();
    if (stopOnNonFinite) {
      DivergenceGuard.check(step, g.loss(),
          parameters.stream().map(Parameter::name).toList(), grads);
    }
    if (clipNorm > 0) {
      GradientClipping.clipByGlobalNorm(grads, clipNorm);
    }
    List<Optimizer.Slot> slots = new ArrayList<>(grads.size());
    List<Parameter> params = parameters;
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      slots.add(new Optimizer.Slot(p.name(), session.state(p.variable()), grads.get(i),
          p.decays()));
    }
    session.update(() -> {
      optimizer.step(slots);
      moveRunningAverages(g);
    });
  }

  /** The values a plan's results {@code r} hold for a step with loss {@code lossValue}. */
  StepGradients view(Results r, double lossValue) {
    List<Tensor> grads = new ArrayList<>(gradients.size());
    for (Node g : gradients) {
      grads.add(r.get(g));
    }
    List<Tensor> stats = new ArrayList<>(runningAverages.size());
    List<Float> counts = new ArrayList<>(runningAverages.size());
    for (RunningAverage avg : runningAverages) {
      stats.add(r.get(avg.batchValue()));
      counts.add(avg.sampleCount() == null ? Float.NaN : r.scalar(avg.sampleCount()));
    }
    return new StepGradients(lossValue, grads, stats, counts);
  }

  /**
   * Checks that {@code g}, made elsewhere, fits this update: one gradient per parameter and one
   * statistic per running average, each of its variable's shape (a statistic: its size).
   */
  void checkFits(StepGradients g) {
    Preconditions.checkArgument(g.gradients().size() == parameters.size(),
        "%s gradients for the %s parameters this step trains; compute them with a step over"
        + " the same model and frozen set", g.gradients().size(), parameters.size());
    for (int i = 0; i < parameters.size(); i++) {
      Shape want = session.state(parameters.get(i).variable()).shape();
      Shape got = g.gradients().get(i).shape();
      Preconditions.checkArgument(want.equals(got), "the gradient of '%s' is %s but the"
          + " parameter is %s", parameters.get(i).name(), got.describe(), want.describe());
    }
    Preconditions.checkArgument(g.batchStatistics().size() == runningAverages.size(),
        "%s batch statistics for the model's %s running averages", g.batchStatistics().size(),
        runningAverages.size());
    for (int i = 0; i < runningAverages.size(); i++) {
      // a batch value may keep broadcast dims ([1,C,1,1] for a [C] state): compare sizes
      Shape want = session.state(runningAverages.get(i).state()).shape();
      Shape got = g.batchStatistics().get(i).shape();
      Preconditions.checkArgument(want.size() == got.size(), "the batch statistic of '%s' is"
          + " %s but the running average is %s", runningAverages.get(i).state().name(),
          got.describe(), want.describe());
    }
  }

  private void moveRunningAverages(StepGradients g) {
    for (int k = 0; k < runningAverages.size(); k++) {
      RunningAverage avg = runningAverages.get(k);
      float[] state = session.state(avg.state()).data();
      float[] batch = g.batchStatistics().get(k).data();
      float m = avg.momentum();
      float unbias = 1f;
      float count = g.sampleCounts().get(k);
      if (!Float.isNaN(count)) {
        unbias = count > 1 ? count / (count - 1) : 1f;
      }
      for (int i = 0; i < state.length; i++) {
        state[i] = (1 - m) * state[i] + m * unbias * batch[i];
      }
    }
  }
}
