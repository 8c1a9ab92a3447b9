package io.nabla.spark;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Optimizer;
import io.nabla.nn.train.StepGradients;
import io.nabla.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An executor's copy of the model with its own trainer and optimizer, kept between steps
 * (building a graph and compiling its plans costs far more than a step). A synchronous step only
 * computes gradients on it; a local-SGD round trains it for a few steps from the driver's
 * weights and optimizer state. A task borrows one for itself — a session trains on one thread —
 * and gives it back; executors run several tasks at once, so there is a pool per run.
 */
final class Replica {
  private static final Map<String, Queue<Replica>> POOLS = new ConcurrentHashMap<>();

  final Model model;
  final Optimizer optimizer;
  final Trainer trainer;
  /** The weights version loaded and unchanged since, -1 before the first or after training. */
  long version = -1;

  private Replica(TrainingSpec spec, ReplicaOptions options) {
    this.model = spec.model();
    this.optimizer = spec.optimizer();
    this.trainer = Trainer.builder(model, optimizer).loss(spec.loss()).seed(options.seed())
        .clipGradientNorm(options.clipNorm()).build();
  }

  /** How a run's replicas train: its seed (dropout) and clipping, as the driver's trainer. */
  record ReplicaOptions(long seed, double clipNorm) implements java.io.Serializable {}

  static Replica borrow(String run, TrainingSpec spec, ReplicaOptions options) {
    Replica r = POOLS.computeIfAbsent(run, k -> new ConcurrentLinkedQueue<>()).poll();
    return r != null ? r : new Replica(spec, options);
  }

  static void giveBack(String run, Replica r) {
    POOLS.computeIfAbsent(run, k -> new ConcurrentLinkedQueue<>()).add(r);
  }

  /** Forgets a finished run's replicas (on this JVM). */
  static void release(String run) {
    POOLS.remove(run);
  }

  /** Loads {@code w} unless it is the version already loaded. */
  void load(Weights w) {
    if (version != w.version) {
      version = -1;   // a failure inside the load leaves no version claimed
      w.loadInto(model);
      version = w.version;
    }
  }

  /**
   * Loads {@code w} and the optimizer state {@code state} for training here: the weights then
   * differ from every version, so the next task loads afresh whatever it runs.
   */
  void loadForTraining(Weights w, OptimizerState state) {
    version = -1;
    w.loadInto(model);
    state.loadInto(optimizer);
  }

  /** {@code g} scaled by {@code weight} as a partial sum of weights version {@code version}. */
  static PartialSum share(StepGradients g, double weight, long version) {
    List<Tensor> all = new ArrayList<>(g.gradients());
    all.addAll(g.batchStatistics());
    float[][] arrays = new float[all.size()][];
    int[][] shapes = new int[all.size()][];
    float w = (float) weight;
    for (int k = 0; k < arrays.length; k++) {
      float[] a = all.get(k).toArray();
      for (int i = 0; i < a.length; i++) {
        a[i] *= w;
      }
      arrays[k] = a;
      shapes[k] = all.get(k).shape().dims();
    }
    double[] counts = new double[g.sampleCounts().size()];
    for (int k = 0; k < counts.length; k++) {
      counts[k] = weight * g.sampleCounts().get(k);
    }
    return new PartialSum(version, weight * g.loss(), counts, arrays, shapes, null,
        raw(g.metricSums()));
  }

  static double[] raw(List<Double> sums) {
    return sums.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The summed shares as the step's values ({@code gradients} of them are gradients). */
  static StepGradients total(PartialSum s, int gradients) {
    List<Tensor> grads = new ArrayList<>();
    List<Tensor> stats = new ArrayList<>();
    for (int k = 0; k < s.arrays.length; k++) {
      Tensor t = Tensor.wrap(Shape.of(s.shapes[k]), s.arrays[k]);
      (k < gradients ? grads : stats).add(t);
    }
    List<Float> counts = new ArrayList<>();
    for (double c : s.sampleCounts) {
      counts.add((float) c);
    }
    return new StepGradients(s.loss, grads, stats, counts, boxed(s.metricSums));
  }

  static List<Double> boxed(double[] sums) {
    return java.util.Arrays.stream(sums).boxed().toList();
  }
}
