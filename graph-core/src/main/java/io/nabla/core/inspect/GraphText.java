package io.nabla.core.inspect;

import com.google.common.base.Preconditions;
import io.nabla.core.exec.Plan;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A graph as text, one line per node in creation order, in the manner of a jaxpr:
 *
 * <pre>
 * x:f32[?,2] = placeholder
 * fc1/w:f32[1,2] = variable
 * fc1/broadcast_like:f32[?,2] = broadcast_like fc1/w x
 * t:f32[2,1] = transpose[perm=[1, 0]] fc1/w
 * grad/fc1/w:f32[1,2] = identity grad/fc1/broadcast_like/sum_like  # grad of fc1/w
 * </pre>
 *
 * <p>Attributes are sorted by name, so the same graph always prints the same text.
 */
public final class GraphText {
  private GraphText() {}

  /** Every node of {@code graph}. */
  public static String of(Graph graph) {
    Preconditions.checkNotNull(graph, "the graph to print is null");
    return render(graph.nodes());
  }

  /**
   * The steps a compiled plan runs, after its passes (fused and folded nodes carry the names
   * of the user's nodes they stand for); {@code ancestorsOf(plan.fetches())} shows the same
   * part of the graph as built.
   */
  public static String of(Plan plan) {
    Preconditions.checkNotNull(plan, "the plan to draw is null");
    return render(plan.order());
  }

  /** Only {@code nodes} and the nodes they depend on; all must belong to one graph. */
  public static String ancestorsOf(Node... nodes) {
    return ancestorsOf(Arrays.asList(nodes));
  }

  /** Only {@code nodes} and the nodes they depend on; all must belong to one graph. */
  public static String ancestorsOf(Collection<Node> nodes) {
    return render(Ancestors.of(nodes));
  }

  private static String render(List<Node> nodes) {
    StringBuilder out = new StringBuilder();
    for (Node node : nodes) {
      out.append(line(node)).append('\n');
    }
    return out.toString();
  }

  /** One node: {@code name:shape = type[attributes] input…}, noting what a gradient is of. */
  static String line(Node node) {
    StringBuilder line = new StringBuilder(node.name()).append(':')
        .append(node.shape().describe()).append(" = ").append(node.op().type());
    String attributes = Attributes.of(node);
    if (!attributes.isEmpty()) {
      line.append('[').append(attributes).append(']');
    }
    for (Node input : node.inputs()) {
      line.append(' ').append(input.name());
    }
    node.gradientOf().ifPresent(forward -> line.append("  # grad of ").append(forward.name()));
    return line.toString();
  }
}
