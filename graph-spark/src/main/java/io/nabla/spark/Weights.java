package io.nabla.spark;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver's variables after {@code version} steps — parameters and running statistics by
 * name — as one immutable, broadcast value. It is taken inside a session read, so it holds a
 * whole step; a replica loads all of it inside one session update.
 */
final class Weights implements Serializable {
  private static final long serialVersionUID = 1L;

  final long version;
  private final Map<String, float[]> values;

  private Weights(long version, Map<String, float[]> values) {
    this.version = version;
    this.values = values;
  }

  /** {@code model}'s variables now, as version {@code version}. */
  static Weights of(Model model, long version) {
    return model.session().read(() -> {
      Map<String, float[]> v = new LinkedHashMap<>();
      for (Node n : variables(model)) {
        v.put(n.name(), model.session().state(n).toArray());
      }
      return new Weights(version, v);
    });
  }

  /** Variables {@code values} by name, as version {@code version}. */
  static Weights of(long version, Map<String, float[]> values) {
    return new Weights(version, values);
  }

  /** The values by name, in the model's order of variables (live arrays: do not change). */
  Map<String, float[]> values() {
    return values;
  }

  /** Writes every variable into {@code model}, as one update. */
  void loadInto(Model model) {
    List<Node> vars = variables(model);
    if (vars.size() != values.size()) {
      throw new IllegalStateException("the driver sent " + values.size() + " variables but the"
          + " replica has " + vars.size() + "; TrainingSpec.model() must build the same model"
          + " every time");
    }
    model.session().update(() -> {
      for (Node n : vars) {
        float[] v = values.get(n.name());
        if (v == null || v.length != n.shape().size()) {
          throw new IllegalStateException("the replica's variable '" + n.name() + "' "
              + n.shape().describe() + " does not match the driver's ("
              + (v == null ? "missing" : v.length + " values") + "); TrainingSpec.model()"
              + " must build the same model every time");
        }
        model.session().assign(n, Tensor.of(n.shape(), v));
      }
    });
  }

  static List<Node> variables(Model model) {
    List<Node> vars = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      vars.add(p.variable());
    }
    vars.addAll(model.states());
    return vars;
  }
}
