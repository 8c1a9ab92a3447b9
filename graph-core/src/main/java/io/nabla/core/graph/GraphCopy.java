package io.nabla.core.graph;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;

/**
 * Builds a rewritten copy of a graph, node by node, for the compile-time passes of a plan
 * ({@code io.nabla.core.pass}): each node stands for a node of another graph (its template) and
 * takes that node's name and forward node, so run-time errors still name the user's nodes. The
 * template's graph is never changed.
 */
public final class GraphCopy {
  private final Graph graph = new Graph();

  /** The graph being built. */
  public Graph graph() {
    return graph;
  }

  /**
   * Adds a node standing for {@code template}: a source (placeholder, variable, constant) is
   * copied with its op and value, unchanged; an operation gets {@code op} and {@code inputs},
   * nodes of this copy, and its shape is inferred again and must fit the template's.
   */
  public Node add(Node template, Op op, List<Node> inputs) {
    for (Node in : inputs) {
      graph.checkOwned(in);
    }
    String name = graph.autoName(template.name());
    if (op instanceof SourceOp) {
      if (op != template.op() || !inputs.isEmpty()) {
        throw new IllegalArgumentException("a source is copied as it is: " + template.describe()
            + " cannot stand for another source op or take inputs");
      }
      return graph.register(name, template.kind(), op, List.of(), template.shape(),
          template.gradientOf().orElse(null));
    }
    List<Shape> shapes = inputs.stream().map(Node::shape).toList();
    List<Shape> before = template.inputs().stream().map(Node::shape).toList();
    if (op == template.op() && shapes.equals(before)) {
      // an unchanged step: its shape rule would say the same again
      return graph.register(name, NodeKind.OPERATION, op, inputs, template.shape(),
          template.gradientOf().orElse(null));
    }
    Shape shape;
    try {
      shape = op.outputShape(shapes);
    } catch (ShapeException e) {
      throw new ShapeException(op.type() + " standing for " + template.describe() + ": "
          + e.getMessage() + " (inputs: " + Graph.describeInputs(inputs) + ")");
    }
    if (!shape.canEqual(template.shape())) {
      throw new ShapeException(op.type() + " standing for " + template.describe() + " has shape "
          + shape.describe() + ", which does not fit the node's " + template.shape().describe()
          + "; a rewrite must keep the shape");
    }
    return graph.register(name, NodeKind.OPERATION, op, inputs, shape,
        template.gradientOf().orElse(null));
  }

  /** Adds a constant holding a copy of {@code value}, standing for {@code template}. */
  public Node constant(Node template, Tensor value) {
    if (!value.shape().canEqual(template.shape())) {
      throw new ShapeException("a constant " + value.shape().describe() + " cannot stand for "
          + template.describe() + " of " + template.shape().describe());
    }
    return graph.register(graph.autoName(template.name()), NodeKind.CONSTANT,
        new Constant(value), List.of(), value.shape(), template.gradientOf().orElse(null));
  }

}
