package io.nabla.testing.fuzz;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.inspect.Dot;
import io.nabla.core.inspect.GraphText;
import java.util.ArrayList;

/**
 * A failing case: the seed and case number that reproduce it, the size of the graph that failed
 * and the smallest graph found that fails the same way, as text and DOT with its gradient nodes.
 */
public record FuzzFailure(long seed, int caseNumber, int originalSteps, FuzzGraph shrunk,
    Verdict verdict) {

  /** Op nodes of the shrunk forward graph (a step may add several, e.g. softplus(x) + 0.5). */
  public long opNodeCount() {
    return shrunk.build().graph().nodes().stream()
        .filter(n -> n.kind() == NodeKind.OPERATION).count();
  }

  /** The shrunk graph with its gradient nodes, one line per node. */
  public String text() {
    return GraphText.of(withGradients().graph());
  }

  /** The shrunk graph with its gradient nodes as Graphviz DOT. */
  public String dot() {
    return Dot.of(withGradients().graph());
  }

  /** The forward graph plus the gradients of {@code sum(output · seed)}, as the check builds them. */
  private BuiltGraph withGradients() {
    BuiltGraph built = shrunk.build();
    Node seedNode = built.graph().placeholder("seed", built.output().shape());
    try {
      Autodiff.gradients(built.output(), seedNode, new ArrayList<>(built.wrt().keySet()));
    } catch (RuntimeException e) {
      // differentiating is what failed: the forward graph alone is still worth showing
    }
    return built;
  }

  /** Everything a person needs: how to reproduce, what failed, and the graph twice. */
  public String report() {
    return "gradient fuzzing failed at seed " + seed + ", case " + caseNumber
        + " (reproduce: fuzz --seed " + seed + " --case " + caseNumber + ")\n"
        + "shrunk from " + originalSteps + " steps to " + shrunk.stepCount() + " ("
        + opNodeCount() + " op nodes):\n" + shrunk
        + verdict.detail() + "\n"
        + "--- graph as text (gradient nodes included) ---\n" + text()
        + "--- graph as DOT ---\n" + dot();
  }
}
