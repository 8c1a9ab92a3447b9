package io.nabla.samples;

import io.nabla.core.graph.Node;
import io.nabla.core.inspect.Dot;
import io.nabla.core.inspect.DotView;
import io.nabla.nn.model.LayerInfo;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Sgd;
import io.nabla.nn.train.Trainer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints the forward and backward graph of a model as Graphviz DOT, as built or as the
 * optimized training plan runs it; whole, or as a smaller view a person can read (forward only,
 * one scope, layers collapsed to boxes).
 */
@Command(name = "dot", mixinStandardHelpOptions = true,
    description = "Prints the DOT of a model's forward+backward graph to standard output;"
        + " render it with `dot -Tsvg`.")
final class DotCommand implements Callable<Integer> {
  @Option(names = "--model", defaultValue = "lenet",
      description = Architectures.NAMES + " (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--optimized",
      description = "draw the training plan after its passes (fusions, folded constants,"
          + " merged nodes) instead of the graph as built")
  boolean optimized;

  @Option(names = "--forward",
      description = "leave out the gradients and the trainer's train/ scope (targets, loss)")
  boolean forward;

  @Option(names = "--scope", paramLabel = "S",
      description = "draw only scope S (a layer such as inception1, or inception1/conv2);"
          + " inputs from outside it show as dashed stand-ins")
  String scope;

  @Option(names = "--collapse",
      description = "draw each layer (top-level scope, or scope just below --scope) as one box"
          + " with its kind, output shapes and parameter count")
  boolean collapse;

  @Option(names = "--depth", paramLabel = "N",
      description = "collapse the scopes N levels down instead (implies --collapse)")
  Integer depth;

  @Option(names = "--expand", split = ",", paramLabel = "a,b",
      description = "open these boxes one level (implies --collapse)")
  List<String> expand = new ArrayList<>();

  @Override
  public Integer call() {
    Model m = Architectures.build(model, 0);
    Trainer trainer = Trainer.builder(m, new Sgd(0.1)).build();
    List<Node> nodes = new ArrayList<>(trainer.gradients());
    nodes.add(trainer.lossNode());
    DotView view = view(m);
    System.out.print(optimized
        ? Dot.of(m.session().compile(nodes, trainer.graph().placeholders()), view)
        : Dot.ancestorsOf(nodes, view));
    return 0;
  }

  private DotView view(Model m) {
    Map<String, String> kinds = new LinkedHashMap<>();
    for (LayerInfo layer : m.layers()) {
      kinds.put(layer.name(), layer.kind());
    }
    DotView view = DotView.full().layerKinds(kinds);
    if (forward) {
      view = view.forwardOnly().excluding("train");
    }
    if (scope != null) {
      view = view.within(scope);
    }
    if (depth != null) {
      view = view.collapsed(depth);
    } else if (collapse) {
      view = view.collapsed();
    }
    return expand.isEmpty() ? view : view.expanding(expand.toArray(String[]::new));
  }
}
