package io.nabla.nn.model;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies trained values (parameters and running statistics) from one model into another: by
 * name, or from the layers of one model into differently named layers of another (an
 * auto-encoder's encoder into a classifier, say). Every name and shape is checked before
 * anything is copied, so a refused transfer changes nothing; the copy is one update of the
 * target's session.
 */
public final class WeightTransfer {
  private WeightTransfer() {}

  /**
   * Copies every variable of {@code target} that {@code source} has under the same name.
   *
   * @return the names copied, in the target's order
   * @throws IllegalArgumentException naming both sides when a shared name has two shapes, or
   *     when the models share no variable name at all
   */
  public static List<String> byName(Model source, Model target) {
    Map<Node, Node> pairs = new LinkedHashMap<>();
    for (Node to : variables(target)) {
      source.graph().find(to.name()).filter(n -> isVariable(source, n))
          .ifPresent(from -> pairs.put(to, from));
    }
    Preconditions.checkArgument(!pairs.isEmpty(),
        "the models share no variable name, so nothing can be copied by name (the target has"
            + " %s); copy layer by layer with WeightTransfer.layers(source, target, mapping)",
        names(variables(target)));
    return copy(source, target, pairs);
  }

  /**
   * Copies, for each entry {@code a → b} of {@code layers}, every variable of the source under
   * scope {@code a/} to the target's variable of the same name under {@code b/}
   * ({@code enc1/weight → dense1/weight}).
   *
   * @return the target names copied
   * @throws IllegalArgumentException naming both sides when a layer has no variables, a
   *     variable has no counterpart, or two counterparts differ in shape
   */
  public static List<String> layers(Model source, Model target, Map<String, String> layers) {
    Preconditions.checkArgument(!layers.isEmpty(), "the layer mapping is empty");
    Map<Node, Node> pairs = new LinkedHashMap<>();
    layers.forEach((from, to) -> {
      List<Node> inSource = under(source, from);
      List<Node> inTarget = under(target, to);
      Preconditions.checkArgument(!inSource.isEmpty(),
          "the source model has no layer '%s' with parameters or statistics; its variables are %s",
          from, names(variables(source)));
      Preconditions.checkArgument(inSource.size() == inTarget.size(),
          "layer '%s' of the source holds %s (%s variables) but layer '%s' of the target holds"
              + " %s (%s); map layers of the same kind", from, names(inSource), inSource.size(),
          to, names(inTarget), inTarget.size());
      for (Node s : inSource) {
        String name = to + s.name().substring(from.length());
        Node t = inTarget.stream().filter(n -> n.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("source '" + s.name()
                + "' has no counterpart '" + name + "' in the target; layer '" + to
                + "' holds " + names(inTarget)));
        pairs.put(t, s);
      }
    });
    return copy(source, target, pairs);
  }

  /** Checks every pair's shapes, then copies them all in one update. */
  private static List<String> copy(Model source, Model target, Map<Node, Node> pairs) {
    pairs.forEach((to, from) -> Preconditions.checkArgument(to.shape().equals(from.shape()),
        "cannot copy source '%s' %s into target '%s' %s: the shapes differ; was the layer"
            + " built with other sizes?", from.name(), from.shape().describe(), to.name(),
        to.shape().describe()));
    Map<Node, Tensor> values = source.session().read(() -> {
      Map<Node, Tensor> v = new LinkedHashMap<>();
      pairs.forEach((to, from) -> v.put(to, source.session().value(from)));
      return v;
    });
    target.session().update(() -> values.forEach(target.session()::assign));
    List<String> copied = new ArrayList<>();
    pairs.keySet().forEach(n -> copied.add(n.name()));
    return copied;
  }

  private static List<Node> variables(Model m) {
    List<Node> all = new ArrayList<>();
    m.parameters().forEach(p -> all.add(p.variable()));
    all.addAll(m.states());
    return all;
  }

  private static boolean isVariable(Model m, Node n) {
    return variables(m).contains(n);
  }

  private static List<Node> under(Model m, String layer) {
    Preconditions.checkArgument(layer != null && !layer.isEmpty(), "a layer name is empty");
    return variables(m).stream().filter(n -> n.name().startsWith(layer + "/")).toList();
  }

  private static List<String> names(List<Node> nodes) {
    return nodes.stream().map(Node::name).toList();
  }
}
