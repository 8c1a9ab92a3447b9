package io.nabla.core.pass;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a plan computes, as passes see it: the live nodes in execution order, one output per
 * fetched node, and for every node the node of the user's graph it stands for. Immutable. At
 * first the nodes are the user's own; a pass that changes something returns nodes of a
 * rewritten copy ({@link io.nabla.core.graph.GraphCopy}), leaving the user's graph as built.
 */
public final class PlanGraph {
  private final List<Node> nodes;
  private final List<Node> outputs;
  private final Map<Node, Node> origins;
  private Map<Node, List<Node>> consumers;

  private PlanGraph(List<Node> nodes, List<Node> outputs, Map<Node, Node> origins) {
    this.nodes = List.copyOf(nodes);
    this.outputs = List.copyOf(outputs);
    this.origins = origins;
  }

  /** The part of the user's graph that {@code fetches} need, as built. */
  public static PlanGraph of(List<Node> fetches) {
    Preconditions.checkArgument(!fetches.isEmpty(), "nothing to fetch: name at least one node");
    return new PlanGraph(live(fetches), fetches, Map.of());
  }

  /** A rewritten plan: {@code outputs} and {@code origins} of nodes of one graph copy. */
  static PlanGraph rewritten(List<Node> outputs, Map<Node, Node> origins) {
    return new PlanGraph(live(outputs), outputs, origins);
  }

  /** {@code outputs} and everything they depend on, in creation (hence execution) order. */
  static List<Node> live(List<Node> outputs) {
    Set<Node> seen = new HashSet<>(outputs);
    List<Node> stack = new ArrayList<>(outputs);
    while (!stack.isEmpty()) {
      for (Node in : stack.remove(stack.size() - 1).inputs()) {
        if (seen.add(in)) {
          stack.add(in);
        }
      }
    }
    List<Node> order = new ArrayList<>(seen);
    order.sort(Comparator.comparingInt(Node::id));
    return order;
  }

  /** The nodes to evaluate, in execution order (sources included). */
  public List<Node> nodes() {
    return nodes;
  }

  /** The node computing each fetched value, in the order of the fetches. */
  public List<Node> outputs() {
    return outputs;
  }

  /** Whether {@code node}'s value is fetched, so that it must not be absorbed by a fusion. */
  public boolean isOutput(Node node) {
    return outputs.contains(node);
  }

  /**
   * The node of the user's graph that {@code node} stands for (whose name it carries); a node
   * of the user's graph stands for itself.
   */
  public Node origin(Node node) {
    return origins.getOrDefault(node, node);
  }

  /** The nodes of this plan that read {@code node}, once each, in execution order. */
  public List<Node> consumers(Node node) {
    if (consumers == null) {
      Map<Node, List<Node>> map = new IdentityHashMap<>();
      for (Node n : nodes) {
        for (Node in : new HashSet<>(n.inputs())) {
          map.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
      }
      map.values().forEach(l -> l.sort(Comparator.comparingInt(Node::id)));
      consumers = map;
    }
    return consumers.getOrDefault(node, List.of());
  }

  /** {@code node} feeds exactly one node and is not fetched: a fusion may absorb it. */
  public boolean isPrivateTo(Node node, Node consumer) {
    List<Node> users = consumers(node);
    return users.size() == 1 && users.get(0) == consumer && !isOutput(node);
  }

  /** The number of operations (nodes that compute something). */
  public int operationCount() {
    return (int) nodes.stream().filter(n -> n.kind() == NodeKind.OPERATION).count();
  }

  Map<Node, Node> origins() {
    return origins;
  }

  @Override
  public String toString() {
    return "PlanGraph(" + nodes.size() + " nodes → " + outputs.size() + " outputs)";
  }
}
