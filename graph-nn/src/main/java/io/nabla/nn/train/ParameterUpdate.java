package io.nabla.nn.train;

import io.nabla.core.exec.Results;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.model.RunningAverage;
import io.nabla.nn.optim.GradientClipping;
import io.nabla.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a training step does with the values its plan fetched: refuses a non-finite loss or
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
   * Applies step {@code step}'s results {@code r} with loss {@code lossValue}.
   *
   * @throws DivergenceException before anything changes, when the guard is on and the loss or a
   *     gradient is not finite
   */
  void apply(long step, Results r, double lossValue) {
    List<Tensor> grads = new ArrayList<>(gradients.size());
    for (Node g : gradients) {
      grads.add(r.get(g));
    }
    if (stopOnNonFinite) {
      DivergenceGuard.check(step, lossValue,
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
      moveRunningAverages(r);
    });
  }

  private void moveRunningAverages(Results r) {
    for (RunningAverage avg : runningAverages) {
      float[] state = session.state(avg.state()).data();
      float[] batch = r.get(avg.batchValue()).data();
      float m = avg.momentum();
      float unbias = 1f;
      if (avg.sampleCount() != null) {
        float count = r.scalar(avg.sampleCount());
        unbias = count > 1 ? count / (count - 1) : 1f;
      }
      for (int i = 0; i < state.length; i++) {
        state[i] = (1 - m) * state[i] + m * unbias * batch[i];
      }
    }
  }
}
