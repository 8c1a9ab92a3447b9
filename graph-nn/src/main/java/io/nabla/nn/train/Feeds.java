package io.nabla.nn.train;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import io.nabla.nn.model.Model;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which tensor of a dataset feeds which placeholder: a model's input takes the dataset's input of
 * its name, a loss's target the dataset's target of its name — or, when there is one of each on
 * both sides, the sole one whatever its name ({@code new Dataset(x, y)} names them
 * {@code input} and {@code labels}).
 */
final class Feeds {
  private final Model model;
  private final Map<String, Targets.Target> targets;
  private final Set<String> wanted = new LinkedHashSet<>();

  /** Feeds for {@code model}'s inputs and {@code targets}; metrics may want {@code more}. */
  Feeds(Model model, Map<String, Targets.Target> targets, Collection<String> more) {
    this.model = model;
    this.targets = targets;
    wanted.addAll(targets.keySet());
    wanted.addAll(more);
  }

  /** The dataset input that feeds the model's input {@code name}. */
  String inputName(String name, Collection<String> available, String set) {
    if (available.contains(name)) {
      return name;
    }
    if (model.inputs().size() == 1 && available.size() == 1) {
      return available.iterator().next();
    }
    throw new IllegalArgumentException(set + " has no input '" + name + "' for the model; it"
        + " holds inputs " + String.join(", ", available) + " and the model takes "
        + String.join(", ", model.inputs().keySet()) + ". Name the dataset's inputs as the"
        + " model's: Dataset.builder().input(\"" + name + "\", …)");
  }

  /** The dataset target that a loss or metric asking for {@code name} compares with. */
  String targetName(String name, Collection<String> available, String set) {
    if (available.contains(name)) {
      return name;
    }
    if (wanted.size() == 1 && available.size() == 1) {
      return available.iterator().next();
    }
    throw new IllegalArgumentException(set + " has no target '" + name + "' for the loss; it"
        + " holds targets " + (available.isEmpty() ? "none" : String.join(", ", available))
        + ". Name a target after the output it is compared with, or choose it, e.g."
        + " Loss.crossEntropy(\"" + name + "\").target(\"…\")");
  }

  /** The placeholders' values for {@code batch}. */
  Map<Node, Tensor> feeds(Batch batch) {
    Map<Node, Tensor> feeds = new HashMap<>(8);
    for (Map.Entry<String, Node> in : model.inputs().entrySet()) {
      feeds.put(in.getValue(),
          batch.inputs().get(inputName(in.getKey(), batch.inputs().keySet(), "the batch")));
    }
    for (Targets.Target t : targets.values()) {
      feeds.put(t.placeholder(), target(batch, t.name(), t.placeholder().shape()));
    }
    return feeds;
  }

  /** The target {@code name} of {@code batch}, read as {@code [b, 1]} when {@code like} is. */
  Tensor target(Batch batch, String name, Shape like) {
    Tensor t = batch.targets().get(targetName(name, batch.targets().keySet(), "the batch"));
    if (like.rank() == 2 && like.dim(1) == 1 && t.shape().rank() == 1) {
      return t.reshape(t.shape().dim(0), 1);
    }
    return t;
  }
}
