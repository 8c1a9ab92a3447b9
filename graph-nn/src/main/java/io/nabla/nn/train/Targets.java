package io.nabla.nn.train;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.core.tensor.Shape;
import io.nabla.nn.model.Model;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link LossContext} of one trainer: the target placeholders a loss asks for, each fed from
 * a named target of the dataset, and the scalars it reports.
 */
final class Targets implements LossContext {
  /** One target a loss compares with: the name asked for, its placeholder, and what it feeds. */
  record Target(String name, Node placeholder, Node output, boolean classIndices) {}

  private final Model model;
  private final Graph graph;
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final Map<String, Node> reported = new LinkedHashMap<>();

  Targets(Model model, Graph graph) {
    this.model = model;
    this.graph = graph;
  }

  @Override
  public Model model() {
    return model;
  }

  @Override
  public Node output(String name) {
    return name == null ? model.output() : model.output(name);
  }

  @Override
  public Node input(String name) {
    return name == null ? model.input() : model.input(name);
  }

  /** The target name a loss or metric means by {@code name} for {@code output}. */
  String nameFor(String name, Node output) {
    if (name != null) {
      return name;
    }
    String out = model.outputName(output);
    return out != null ? out : output.name();
  }

  @Override
  public Node labels(String name, Node output) {
    if (output.shape().rank() != 2) {
      throw new IllegalArgumentException("class labels are compared with class scores [N, C],"
          + " but output '" + output.name() + "' is " + output.shape().describe() + "; use a"
          + " loss for values (mse, l1, huber) or end the model with a Dense(classes) layer");
    }
    return placeholder(nameFor(name, output), output, true, Shape.of(Shape.UNKNOWN));
  }

  @Override
  public Node target(String name, Node output) {
    int[] dims = output.shape().dims().clone();
    Preconditions.checkArgument(dims.length >= 1,
        "output '%s' %s has no example axis to compare targets with", output.name(),
        output.shape().describe());
    dims[0] = Shape.UNKNOWN;
    return placeholder(nameFor(name, output), output, false, Shape.of(dims));
  }

  private Node placeholder(String name, Node output, boolean classes, Shape shape) {
    Target t = targets.get(name);
    if (t != null) {
      Preconditions.checkArgument(t.classIndices() == classes && t.placeholder().shape()
              .equals(shape),
          "target '%s' is compared as %s and as %s; give each use its own dataset target", name,
          t.classIndices() ? "class indices" : "values " + t.placeholder().shape().describe(),
          classes ? "class indices" : "values " + shape.describe());
      return t.placeholder();
    }
    Node p;
    try (Scope s = graph.scope("targets")) {
      p = graph.placeholder(name, shape);
    }
    targets.put(name, new Target(name, p, output, classes));
    return p;
  }

  @Override
  public void report(String name, Node value) {
    Preconditions.checkArgument(!reported.containsKey(name), "'%s' is reported twice", name);
    reported.put(name, value);
  }

  Map<String, Target> targets() {
    return targets;
  }

  Map<String, Node> reported() {
    return reported;
  }
}
