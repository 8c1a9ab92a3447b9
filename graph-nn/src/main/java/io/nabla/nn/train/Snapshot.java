package io.nabla.nn.train;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A copy of a model's parameters and running statistics, to restore the best epoch's. */
final class Snapshot {
  private final Map<Node, Tensor> values;

  private Snapshot(Map<Node, Tensor> values) {
    this.values = values;
  }

  /** The values of one training step, even while another thread trains. */
  static Snapshot of(Model model) {
    return model.session().read(() -> {
      Map<Node, Tensor> v = new LinkedHashMap<>();
      for (Parameter p : model.parameters()) {
        v.put(p.variable(), model.session().value(p.variable()));
      }
      for (Node s : model.states()) {
        v.put(s, model.session().value(s));
      }
      return new Snapshot(v);
    });
  }

  /** A snapshot of {@code model}'s variables from values keyed by the variables' names. */
  static Snapshot fromNames(Model model, Map<String, Tensor> byName) {
    Map<Node, Tensor> v = new LinkedHashMap<>();
    byName.forEach((name, t) -> v.put(model.graph().node(name), t));
    return new Snapshot(v);
  }

  /** The values keyed by the variables' names (to store in a checkpoint). */
  Map<String, Tensor> byName() {
    Map<String, Tensor> named = new LinkedHashMap<>();
    values.forEach((node, t) -> named.put(node.name(), t));
    return named;
  }

  /** Puts the values back, as one update. */
  void restore(Model model) {
    model.session().update(() -> values.forEach(model.session()::assign));
  }

  /** The copied value of {@code variable}. */
  Tensor value(Node variable) {
    return values.get(variable);
  }
}
