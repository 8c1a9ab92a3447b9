package io.nabla.core.graph;

import com.google.common.collect.ImmutableList;
import io.nabla.core.tensor.Shape;
import java.util.List;
import java.util.Optional;

/**
 * One immutable vertex of a {@link Graph}: an op applied to earlier nodes, with a unique
 * readable name and a static (possibly partial) shape. Identity is by object: two nodes are
 * equal only if they are the same node.
 */
public final class Node {
  private final Graph graph;
  private final int id;
  private final String name;
  private final NodeKind kind;
  private final Op op;
  private final ImmutableList<Node> inputs;
  private final Shape shape;
  private final Node gradientOf;

  Node(Graph graph, int id, String name, NodeKind kind, Op op, List<Node> inputs, Shape shape,
      Node gradientOf) {
    this.graph = graph;
    this.id = id;
    this.name = name;
    this.kind = kind;
    this.op = op;
    this.inputs = ImmutableList.copyOf(inputs);
    this.shape = shape;
    this.gradientOf = gradientOf;
  }

  public Graph graph() {
    return graph;
  }

  /** Position in the graph's creation order, which is a topological order. */
  public int id() {
    return id;
  }

  /** Unique scoped name, e.g. {@code fc1/w} or {@code grad/fc1/w}. */
  public String name() {
    return name;
  }

  public NodeKind kind() {
    return kind;
  }

  public Op op() {
    return op;
  }

  public List<Node> inputs() {
    return inputs;
  }

  public Node input(int index) {
    return inputs.get(index);
  }

  /** Static shape; unknown dimensions are {@link Shape#UNKNOWN}. */
  public Shape shape() {
    return shape;
  }

  /** The forward node whose gradient this node helps compute, if it was built by autodiff. */
  public Optional<Node> gradientOf() {
    return Optional.ofNullable(gradientOf);
  }

  /** The scope part of the name: {@code conv1} for {@code conv1/weight}, empty at top level. */
  public String scope() {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? "" : name.substring(0, slash);
  }

  /** How messages name this node: {@code matmul 'fc2/matmul'}. */
  public String describe() {
    return op.type() + " '" + name + "'";
  }

  @Override
  public String toString() {
    return name + ":" + shape.describe();
  }
}
