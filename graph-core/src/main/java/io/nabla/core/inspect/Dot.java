package io.nabla.core.inspect;

import com.google.common.base.Preconditions;
import io.nabla.core.exec.Plan;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Graphviz DOT text of a graph, or of the part of it that chosen nodes depend on. Render it with
 * {@code dot -Tsvg graph.dot -o graph.svg}.
 *
 * <p>Each node shows its name, op type with attributes, and shape ({@code f32[?,784]}).
 * Placeholders are blue ellipses, variables green boxes, constants grey boxes, computations
 * white rounded boxes, and nodes built by autodiff orange with a dashed border. Name scopes
 * ({@code conv1/bn/...}) become nested clusters. Node ids are {@code n<id>}, and the same graph
 * always gives the same text, so two dumps can be diffed.
 *
 * <p>Real models give thousands of nodes; a {@link DotView} draws a part a person can read:
 * forward only, one scope, layers collapsed to one box each.
 */
public final class Dot {
  private static final String INDENT = DotCluster.INDENT;

  private Dot() {}

  /** The whole graph. */
  public static String of(Graph graph) {
    Preconditions.checkNotNull(graph, "the graph to draw is null");
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

  /** The whole graph as {@code view} draws it; {@code DotView.full()} gives {@link #of(Graph)}. */
  public static String of(Graph graph, DotView view) {
    Preconditions.checkNotNull(graph, "the graph to draw is null");
    return render(graph.nodes(), view);
  }

  /** The steps a compiled plan runs, as {@code view} draws them. */
  public static String of(Plan plan, DotView view) {
    Preconditions.checkNotNull(plan, "the plan to draw is null");
    return render(plan.order(), view);
  }

  /** {@code nodes} and the nodes they depend on, as {@code view} draws them. */
  public static String ancestorsOf(Collection<Node> nodes, DotView view) {
    return render(Ancestors.of(nodes), view);
  }

  private static String render(List<Node> nodes, DotView view) {
    Preconditions.checkNotNull(view, "the view to draw is null; DotView.full() draws everything");
    return view.isFull() ? render(nodes) : ViewRenderer.render(nodes, view);
  }

  private static String render(List<Node> nodes) {
    DotCluster root = new DotCluster("");
    for (Node node : nodes) {
      root.at(node.scope()).statements.add(nodeStatement(node));
    }
    StringBuilder out = new StringBuilder("digraph nabla {\n");
    out.append(INDENT).append("node [fontname=\"Helvetica\", fontsize=10];\n");
    out.append(INDENT).append("edge [fontname=\"Helvetica\", fontsize=9];\n");
    root.write(out, 1);
    for (Node node : nodes) {
      List<Node> inputs = node.inputs();
      // One edge per input position: add_n(a, a) shows two edges from a, numbered 0 and 1.
      for (int k = 0; k < inputs.size(); k++) {
        out.append(INDENT).append(id(inputs.get(k))).append(" -> ").append(id(node));
        if (inputs.size() > 1) {
          out.append(" [label=\"").append(k).append("\"]");
        }
        out.append(";\n");
      }
    }
    return out.append("}\n").toString();
  }

  static String id(Node node) {
    return "n" + node.id();
  }

  static String nodeStatement(Node node) {
    String attributes = Attributes.of(node);
    String op = attributes.isEmpty() ? node.op().type() : node.op().type() + " " + attributes;
    String label = escape(node.name()) + "\\n" + escape(op) + "\\n"
        + escape(node.shape().describe());
    Style s = Style.of(node);
    StringBuilder line = new StringBuilder(id(node)).append(" [label=\"").append(label)
        .append("\", shape=").append(s.shape()).append(", style=").append(quote(s.style()))
        .append(", fillcolor=").append(quote(s.fill()))
        .append(", color=").append(quote(s.border()));
    node.gradientOf().ifPresent(forward ->
        line.append(", tooltip=").append(quote("gradient of " + forward.name())));
    return line.append("];").toString();
  }

  static String quote(String text) {
    return "\"" + escape(text) + "\"";
  }

  /** Makes {@code text} safe inside a double-quoted DOT string; a line break becomes {@code \n}. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> { }
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** How a kind of node looks; gradient nodes keep their kind's shape but turn orange. */
  private record Style(String shape, String style, String fill, String border) {
    static Style of(Node node) {
      Style base = switch (node.kind()) {
        case PLACEHOLDER -> new Style("ellipse", "filled", "#cfe2ff", "#1c7ed6");
        case VARIABLE -> new Style("box", "filled", "#d3f9d8", "#2f9e44");
        case CONSTANT -> new Style("box", "filled", "#e9ecef", "#868e96");
        case OPERATION -> new Style("box", "rounded,filled", "white", "black");
      };
      return node.gradientOf().isEmpty() ? base
          : new Style(base.shape(), base.style() + ",dashed", "#ffd8a8", "#e8590c");
    }
  }
}
