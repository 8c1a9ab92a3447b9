package io.nabla.nn.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which parameters of a model are frozen, by layer scope or parameter name. */
final class Freezing {
  private final List<Parameter> parameters;
  private final List<LayerInfo> layers;
  private final Set<Parameter> frozen = Collections.synchronizedSet(new LinkedHashSet<>());
  private volatile long version;

  Freezing(List<Parameter> parameters, List<LayerInfo> layers) {
    this.parameters = parameters;
    this.layers = layers;
  }

  synchronized void set(boolean freeze, String... names) {
    List<Parameter> matched = new ArrayList<>();
    for (String name : names) {
      List<Parameter> these = parameters.stream()
          .filter(p -> p.name().equals(name) || p.name().startsWith(name + "/")).toList();
      if (these.isEmpty()) {
        throw new IllegalArgumentException("no layer or parameter '" + name + "' to "
            + (freeze ? "freeze" : "unfreeze") + "; the layers with parameters are "
            + String.join(", ", layers.stream().filter(l -> l.parameters() > 0)
                .map(LayerInfo::name).toList()));
      }
      matched.addAll(these);
    }
    boolean changed = freeze ? frozen.addAll(matched) : frozen.removeAll(matched);
    if (changed) {
      version++;
    }
  }

  synchronized void clear() {
    if (!frozen.isEmpty()) {
      frozen.clear();
      version++;
    }
  }

  boolean isFrozen(Parameter p) {
    return frozen.contains(p);
  }

  synchronized List<Parameter> trainable() {
    return parameters.stream().filter(p -> !frozen.contains(p)).toList();
  }

  long version() {
    return version;
  }
}
