package io.nabla.spark;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A replica's whole training state after a local-SGD round — its variables (parameters and
 * running statistics) and its optimizer's state — as one summable {@link PartialSum}, and the
 * average of N such sums back as the driver's weights and optimizer state.
 */
final class ReplicaState {
  private ReplicaState() {}

  /**
   * {@code replica}'s state as a partial sum of version {@code version}, with the round's summed
   * loss and metric sums.
   */
  static PartialSum of(Replica replica, long version, double lossSum, double[] metricSums) {
    Weights w = Weights.of(replica.model, -1);
    List<String> names = new ArrayList<>();
    List<float[]> arrays = new ArrayList<>();
    List<int[]> shapes = new ArrayList<>();
    List<Node> vars = Weights.variables(replica.model);
    for (Node n : vars) {
      names.add(n.name());
      arrays.add(w.values().get(n.name()));
      shapes.add(n.shape().dims());
    }
    replica.optimizer.state().forEach((name, t) -> {
      names.add(OPTIMIZER + name);
      arrays.add(t.toArray());
      shapes.add(t.shape().dims());
    });
    return new PartialSum(version, lossSum, new double[0], arrays.toArray(float[][]::new),
        shapes.toArray(int[][]::new), names.toArray(String[]::new), metricSums);
  }

  /** Marks the optimizer's entries among the variables' names (which hold no such prefix). */
  private static final String OPTIMIZER = "optimizer:";

  /**
   * The mean of {@code partitions} replicas' states summed in {@code total}, loaded into the
   * driver's {@code model} (one session update) and {@code optimizer}. Frozen parameters keep
   * the driver's values: no replica changed them, and an average of equal floats need not be
   * exactly the value.
   */
  static void loadAverage(PartialSum total, int partitions, Model model, Optimizer optimizer) {
    Set<String> frozen = new HashSet<>();
    for (Parameter p : model.parameters()) {
      if (model.isFrozen(p)) {
        frozen.add(p.variable().name());
      }
    }
    Map<String, float[]> current = Weights.of(model, -1).values();
    Map<String, float[]> variables = new LinkedHashMap<>();
    Map<String, int[]> stateShapes = new LinkedHashMap<>();
    Map<String, float[]> state = new LinkedHashMap<>();
    float n = partitions;
    for (int k = 0; k < total.names.length; k++) {
      String name = total.names[k];
      float[] a = total.arrays[k];
      for (int i = 0; i < a.length; i++) {
        a[i] /= n;
      }
      if (name.startsWith(OPTIMIZER)) {
        stateShapes.put(name.substring(OPTIMIZER.length()), total.shapes[k]);
        state.put(name.substring(OPTIMIZER.length()), a);
      } else {
        Preconditions.checkState(current.containsKey(name), "the replicas sent variable '%s',"
            + " which the driver's model lacks; TrainingSpec.model() must build the same model"
            + " every time", name);
        variables.put(name, frozen.contains(name) ? current.get(name) : a);
      }
    }
    Weights.of(total.version, variables).loadInto(model);
    OptimizerState.of(total.version, optimizer.learningRate(), stateShapes, state)
        .loadInto(optimizer);
  }
}
