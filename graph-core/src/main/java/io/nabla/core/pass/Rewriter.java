package io.nabla.core.pass;

import io.nabla.core.graph.GraphCopy;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Rule} sees while a pass rebuilds a plan: the plan before the pass, the rebuilt
 * node of every node already visited, and builders for new nodes, which stand for the node
 * being rewritten (they take its name, so run-time errors name the user's node).
 */
public final class Rewriter {
  private final PlanGraph plan;
  private final GraphCopy copy = new GraphCopy();
  private final Map<Node, Node> mapped = new HashMap<>();
  private final Map<Node, Node> origins = new HashMap<>();
  private Node current;

  Rewriter(PlanGraph plan) {
    this.plan = plan;
  }

  /** The plan before this pass: consumers, outputs, origins. */
  public PlanGraph plan() {
    return plan;
  }

  /** The rebuilt node computing what {@code node}, an earlier node of the plan, computed. */
  public Node mapped(Node node) {
    Node m = mapped.get(node);
    if (m == null) {
      throw new IllegalStateException("'" + node.name() + "' has not been rebuilt yet: a rule"
          + " may only use nodes that come before the node it rewrites");
    }
    return m;
  }

  /** The rebuilt inputs of {@code node}. */
  public List<Node> mappedInputs(Node node) {
    return node.inputs().stream().map(this::mapped).toList();
  }

  /** A new node applying {@code op} to rebuilt {@code inputs}, standing for the rewritten node. */
  public Node apply(Op op, Node... inputs) {
    return apply(op, Arrays.asList(inputs));
  }

  /** A new node applying {@code op} to rebuilt {@code inputs}, standing for the rewritten node. */
  public Node apply(Op op, List<Node> inputs) {
    return record(copy.add(current, op, inputs));
  }

  /** A constant holding {@code value}, standing for the node being rewritten. */
  public Node constant(Tensor value) {
    return record(copy.constant(current, value));
  }

  /** Copies {@code node} with its rebuilt inputs. */
  Node copyOf(Node node) {
    current = node;
    return record(copy.add(node, node.op(), mappedInputs(node)));
  }

  void begin(Node node) {
    current = node;
  }

  void map(Node node, Node rebuilt) {
    mapped.put(node, rebuilt);
  }

  private Node record(Node created) {
    origins.put(created, plan.origin(current));
    return created;
  }

  Map<Node, Node> origins() {
    return origins;
  }
}
