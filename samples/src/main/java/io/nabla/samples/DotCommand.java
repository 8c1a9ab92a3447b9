package io.nabla.samples;

import io.nabla.core.graph.Node;
import io.nabla.core.inspect.Dot;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Sgd;
import io.nabla.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints the forward and backward graph of a model as Graphviz DOT, as built or as the
 * optimized training plan runs it.
 */
@Command(name = "dot", mixinStandardHelpOptions = true,
    description = "Prints the DOT of a model's forward+backward graph to standard output;"
        + " render it with `dot -Tsvg`.")
final class DotCommand implements Callable<Integer> {
  @Option(names = "--model", defaultValue = "lenet",
      description = "lenet, mlp, vgg, resnet or dense (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--optimized",
      description = "draw the training plan after its passes (fusions, folded constants,"
          + " merged nodes) instead of the graph as built")
  boolean optimized;

  @Override
  public Integer call() {
    Model m = Architectures.build(model, 0);
    Trainer trainer = Trainer.builder(m, new Sgd(0.1)).build();
    List<Node> nodes = new ArrayList<>(trainer.gradients());
    nodes.add(trainer.lossNode());
    System.out.print(optimized
        ? Dot.of(m.session().compile(nodes, trainer.graph().placeholders()))
        : Dot.ancestorsOf(nodes));
    return 0;
  }
}
