package io.nabla.nn.train;

import com.google.common.base.Preconditions;
import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Plan;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.model.RunningAverage;
import io.nabla.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One training step over chosen parameters, built once from a loss node, the parameters to
 * update and an optimizer, and called by a hand-written loop: forward and backward in training
 * mode, the divergence guard, clipping, the optimizer's update and the running statistics, as
 * one session update. Several steps over one graph give GAN-style training:
 *
 * <pre>{@code
 * TrainStep d = TrainStep.of(model, dLoss, discriminatorParams, new Adam(1e-3));
 * TrainStep g = TrainStep.of(model, gLoss, generatorParams, new Adam(1e-3));
 * for (...) { d.run(feeds); g.run(feeds); }
 * }</pre>
 *
 * {@link Trainer} is the convenience on top of it (epochs, evaluation, checkpoints).
 */
public final class TrainStep {
  private final Session session;
  private final Node loss;
  private final List<Node> gradients;
  private final List<Node> fetches;
  private final List<RunningAverage> runningAverages;
  private final ParameterUpdate update;
  private final long seed;
  private final Map<Set<Node>, Plan> plans = new HashMap<>();
  private long steps;

  private TrainStep(Builder b) {
    this.session = b.session;
    this.loss = b.loss;
    List<Node> variables = b.parameters.stream().map(Parameter::variable).toList();
    this.gradients = b.gradients != null ? b.gradients : Autodiff.gradients(loss, variables);
    this.runningAverages = List.copyOf(b.runningAverages);
    this.update = new ParameterUpdate(session, b.parameters, runningAverages, b.optimizer,
        gradients, b.clipNorm, b.stopOnNonFinite);
    this.seed = b.seed;
    List<Node> f = new ArrayList<>();
    f.add(loss);
    f.addAll(b.fetches);
    f.addAll(gradients);
    for (RunningAverage avg : runningAverages) {
      f.add(avg.batchValue());
      if (avg.sampleCount() != null) {
        f.add(avg.sampleCount());
      }
    }
    this.fetches = List.copyOf(f);
  }

  /**
   * A step minimising {@code loss} over {@code parameters} of {@code model} (a subset, e.g. the
   * generator's), with the guard on and no clipping.
   */
  public static TrainStep of(Model model, Node loss, List<Parameter> parameters,
      Optimizer optimizer) {
    return builder(model.session(), loss, parameters, optimizer).build();
  }

  /** Configures a step over {@code parameters}, whose values {@code session} holds. */
  public static Builder builder(Session session, Node loss, List<Parameter> parameters,
      Optimizer optimizer) {
    return new Builder(session, loss, parameters, optimizer);
  }

  /** The loss node. */
  public Node loss() {
    return loss;
  }

  /** The gradient of the loss for each parameter, in order. */
  public List<Node> gradients() {
    return gradients;
  }

  /** Steps taken so far. */
  public long steps() {
    return steps;
  }

  /** Continues the step count from {@code done} (a resumed run). */
  void continueFrom(long done) {
    this.steps = done;
  }

  /**
   * One step in training mode, its dropout masks seeded by the builder's seed and the step
   * count; returns the loss.
   *
   * @throws DivergenceException before anything changes, when the loss or a gradient is not
   *     finite (and the guard is on)
   */
  public double run(Map<Node, Tensor> feeds) {
    return run(feeds, RunOptions.forTraining().withSeed(seed * 1_000_003 + steps), r -> { });
  }

  /**
   * One step with {@code options}; {@code inspect} sees the step's results (the loss and the
   * builder's extra fetches) before the parameters are updated. Returns the loss.
   */
  public double run(Map<Node, Tensor> feeds, RunOptions options, Consumer<Results> inspect) {
    Preconditions.checkNotNull(feeds, "feeds are null");
    Plan plan = plans.computeIfAbsent(Set.copyOf(feeds.keySet()),
        fed -> session.compile(fetches, fed));
    double value = plan.run(feeds, options, r -> {
      inspect.accept(r);
      double l = r.scalar(loss);
      // the fetched buffers themselves, without copies: the same update as applyGradients
      update.apply(steps + 1, update.view(r, l));
      return l;
    });
    steps++;
    return value;
  }

  /**
   * Forward and backward as {@link #run(Map, RunOptions, Consumer)}, but nothing is updated and
   * the step count stays: returns copies of the loss, the gradients and the running statistics'
   * batch values, for {@link #applyGradients} here or elsewhere (e.g. after summing those of
   * several replicas).
   */
  public StepGradients computeGradients(Map<Node, Tensor> feeds, RunOptions options,
      Consumer<Results> inspect) {
    Preconditions.checkNotNull(feeds, "feeds are null");
    Plan plan = plans.computeIfAbsent(Set.copyOf(feeds.keySet()),
        fed -> session.compile(fetches, fed));
    return plan.run(feeds, options, r -> {
      inspect.accept(r);
      StepGradients view = update.view(r, r.scalar(loss));
      return new StepGradients(view.loss(), copies(view.gradients()),
          copies(view.batchStatistics()), view.sampleCounts());
    });
  }

  private static List<Tensor> copies(List<Tensor> tensors) {
    return tensors.stream().map(Tensor::copy).toList();
  }

  /**
   * Applies values computed by {@link #computeGradients} (or summed from several such) as step
   * {@code steps() + 1}: the divergence guard, clipping, the optimizer's update and the running
   * statistics, as one session update — exactly what {@link #run} does with the values it
   * computes. The gradients may be scaled in place by clipping.
   *
   * @throws IllegalArgumentException when {@code g} does not fit this step's parameters or
   *     running averages (count or shapes)
   * @throws DivergenceException before anything changes, when the loss or a gradient is not
   *     finite (and the guard is on)
   */
  public void applyGradients(StepGradients g) {
    Preconditions.checkNotNull(g, "gradients are null");
    update.checkFits(g);
    update.apply(steps + 1, g);
    steps++;
  }

  /** Configures a {@link TrainStep}. */
  public static final class Builder {
    private final Session session;
    private final Node loss;
    private final List<Parameter> parameters;
    private final Optimizer optimizer;
    private final List<Node> fetches = new ArrayList<>();
    private List<RunningAverage> runningAverages = List.of();
    private List<Node> gradients;
    private double clipNorm;
    private boolean stopOnNonFinite = true;
    private long seed;

    private Builder(Session session, Node loss, List<Parameter> parameters,
        Optimizer optimizer) {
      this.session = Preconditions.checkNotNull(session, "session is null");
      this.loss = Preconditions.checkNotNull(loss, "loss is null");
      Preconditions.checkArgument(loss.shape().rank() == 0 || loss.shape().size() == 1,
          "the loss '%s' must be a scalar, not %s", loss.name(), loss.shape().describe());
      this.parameters = List.copyOf(parameters);
      Preconditions.checkArgument(!this.parameters.isEmpty(),
          "a training step needs at least one parameter to update");
      this.optimizer = Preconditions.checkNotNull(optimizer, "optimizer is null");
    }

    /** Rescale gradients whose global L2 norm exceeds {@code maxNorm} (0 = off). */
    public Builder clipGradientNorm(double maxNorm) {
      Preconditions.checkArgument(maxNorm >= 0, "max norm must be >= 0, not %s", maxNorm);
      this.clipNorm = maxNorm;
      return this;
    }

    /** Stop with a {@link DivergenceException} on a non-finite loss or gradient (default on). */
    public Builder stopOnNonFinite(boolean on) {
      this.stopOnNonFinite = on;
      return this;
    }

    /** Running statistics to move after each step (e.g. the model's batch norms'). */
    public Builder runningAverages(List<RunningAverage> averages) {
      this.runningAverages = List.copyOf(averages);
      return this;
    }

    /** More nodes to compute with each step, seen by {@link TrainStep#run}'s inspector. */
    public Builder fetch(List<Node> nodes) {
      fetches.addAll(nodes);
      return this;
    }

    /** Gradients already built, one per parameter in order (default: built from the loss). */
    Builder gradients(List<Node> grads) {
      Preconditions.checkArgument(grads.size() == parameters.size(),
          "%s gradients for %s parameters", grads.size(), parameters.size());
      this.gradients = List.copyOf(grads);
      return this;
    }

    /** Seed of the dropout masks, with the step count (default 0). */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    public TrainStep build() {
      return new TrainStep(this);
    }
  }
}
