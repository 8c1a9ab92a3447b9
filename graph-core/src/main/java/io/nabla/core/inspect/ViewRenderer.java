package io.nabla.core.inspect;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Draws the nodes a {@link DotView} keeps: chosen scopes as one box each, left-out inputs as
 * stand-ins, and one labelled edge per pair of drawn things that a box or stand-in touches.
 * Plain nodes and the edges between them look exactly as in the full dump.
 */
final class ViewRenderer {
  private static final String INDENT = DotCluster.INDENT;
  private static final int MAX_OP_TYPES = 6;
  private static final int OP_TYPES_PER_LINE = 3;
  private static final int MAX_SHAPES = 3;

  private final DotView view;
  private final List<Node> drawn;
  private final Set<Node> drawnSet;
  /** What each drawn node is drawn as: its own id ({@code n7}) or its box's ({@code b2}). */
  private final Map<Node, String> element = new HashMap<>();
  private final Map<String, Box> boxes = new LinkedHashMap<>();

  private ViewRenderer(DotView view, List<Node> drawn) {
    this.view = view;
    this.drawn = drawn;
    this.drawnSet = new LinkedHashSet<>(drawn);
  }

  static String render(List<Node> nodes, DotView view) {
    List<Node> kept = new ArrayList<>();
    for (Node node : nodes) {
      if (!(view.isForwardOnly() && node.gradientOf().isPresent()) && !isExcluded(node, view)) {
        kept.add(node);
      }
    }
    Preconditions.checkArgument(!kept.isEmpty(),
        "%s leaves no node to draw out of %s; draw fewer exclusions or the full view",
        view, nodes.size());
    List<Node> drawn = kept;
    if (!view.within().isEmpty()) {
      drawn = kept.stream().filter(n -> DotView.isIn(n.scope(), view.within())).toList();
      boolean leftOut = nodes.stream().anyMatch(n -> DotView.isIn(n.scope(), view.within()));
      Preconditions.checkArgument(!drawn.isEmpty() || !leftOut,
          "within('%s'): the view leaves out every node of that scope (forward only: %s, "
              + "excluding %s); drop those options or pick another of the top-level scopes %s",
          view.within(), view.isForwardOnly(), view.excluded(), topLevelScopes(kept));
      Preconditions.checkArgument(!drawn.isEmpty(),
          "within('%s'): no node to draw is in that scope; the top-level scopes are %s. "
              + "Pass one of them or a path below one, e.g. '%s'",
          view.within(), topLevelScopes(kept), example(kept));
    }
    for (String scope : view.expanded()) {
      boolean found = drawn.stream().anyMatch(n -> DotView.isIn(n.scope(), scope));
      Preconditions.checkArgument(found,
          "expanding('%s'): no node to draw is in that scope; the top-level scopes are %s. "
              + "Pass one of them or a path below one, e.g. '%s'",
          scope, topLevelScopes(drawn), example(drawn));
    }
    return new ViewRenderer(view, drawn).write();
  }

  private String write() {
    for (Node node : drawn) {
      String box = boxOf(node.scope());
      if (box == null) {
        element.put(node, Dot.id(node));
      } else {
        Box b = boxes.computeIfAbsent(box, path -> new Box(path, "b" + boxes.size()));
        b.nodes.add(node);
        element.put(node, b.id);
      }
    }
    DotCluster root = new DotCluster("");
    Set<Box> placed = new LinkedHashSet<>();
    for (Node node : drawn) {
      String id = element.get(node);
      if (id.startsWith("n")) {
        root.at(node.scope()).statements.add(Dot.nodeStatement(node));
      } else {
        Box box = boxes.get(boxOf(node.scope()));
        if (placed.add(box)) {
          root.at(parent(box.path)).statements.add(boxStatement(box));
        }
      }
    }
    Map<Node, String> stubs = new LinkedHashMap<>();
    List<String> plainEdges = new ArrayList<>();
    Map<String, Set<String>> grouped = new LinkedHashMap<>();
    for (Node node : drawn) {
      String to = element.get(node);
      List<Node> inputs = node.inputs();
      for (int k = 0; k < inputs.size(); k++) {
        Node input = inputs.get(k);
        String from = element.get(input);
        if (from == null) {
          from = "x" + input.id();
          stubs.putIfAbsent(input, from);
        }
        if (from.equals(to)) {
          continue; // inside one box
        }
        if (from.startsWith("n") && to.startsWith("n")) {
          plainEdges.add(from + " -> " + to + (inputs.size() > 1 ? " [label=\"" + k + "\"]" : ""));
        } else {
          grouped.computeIfAbsent(from + " -> " + to, e -> new LinkedHashSet<>())
              .add(input.shape().describe());
        }
      }
    }
    for (Map.Entry<Node, String> stub : stubs.entrySet()) {
      root.statements.add(stubStatement(stub.getValue(), stub.getKey()));
    }
    StringBuilder out = new StringBuilder("digraph nabla {\n");
    out.append(INDENT).append("node [fontname=\"Helvetica\", fontsize=10];\n");
    out.append(INDENT).append("edge [fontname=\"Helvetica\", fontsize=9];\n");
    root.write(out, 1);
    for (String edge : plainEdges) {
      out.append(INDENT).append(edge).append(";\n");
    }
    for (Map.Entry<String, Set<String>> edge : grouped.entrySet()) {
      out.append(INDENT).append(edge.getKey()).append(" [label=")
          .append(Dot.quote(String.join("\n", edge.getValue()))).append("];\n");
    }
    return out.append("}\n").toString();
  }

  /**
   * The outermost scope on {@code scope}'s path that the view keeps closed, or null when the
   * node is drawn by itself. Walking from the top opens one level at a time, as an expanded
   * box shows its own nodes and its nested scopes as boxes.
   */
  private String boxOf(String scope) {
    if (view.depth() == 0 || scope.isEmpty()) {
      return null;
    }
    String[] parts = scope.split("/");
    int withinParts = view.within().isEmpty() ? 0 : view.within().split("/").length;
    StringBuilder prefix = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        prefix.append('/');
      }
      prefix.append(parts[i]);
      if (!isOpen(prefix.toString(), i + 1 - withinParts)) {
        return prefix.toString();
      }
    }
    return null;
  }

  /** {@code levelsBelowWithin} is 1 for a scope just below {@code within} (or a top scope). */
  private boolean isOpen(String scope, int levelsBelowWithin) {
    if (levelsBelowWithin <= 0 || levelsBelowWithin < view.depth()) {
      return true; // within itself or above it, or above the collapse depth
    }
    for (String expanded : view.expanded()) {
      if (DotView.isIn(expanded, scope)) {
        return true; // expanded, or on the way to an expanded scope
      }
    }
    return false;
  }

  private String boxStatement(Box box) {
    Set<Node> inside = new LinkedHashSet<>(box.nodes);
    List<String> lines = new ArrayList<>();
    lines.add(box.path);
    String kind = view.kinds().get(box.path);
    lines.addAll(kind != null ? List.of(kind) : opTypeLines(box.nodes));
    Set<String> shapes = new LinkedHashSet<>();
    for (Node node : outputs(box, inside)) {
      shapes.add(node.shape().describe());
    }
    lines.add(limited(shapes));
    long parameters = 0;
    for (Node node : box.nodes) {
      if (node.kind() == NodeKind.VARIABLE && node.shape().isKnown()) {
        parameters += node.shape().size();
      }
    }
    if (parameters > 0) {
      lines.add(String.format("%,d parameters", parameters));
    }
    boolean gradient = box.nodes.stream().allMatch(n -> n.gradientOf().isPresent());
    return box.id + " [label=" + Dot.quote(String.join("\n", lines)) + ", shape=box3d"
        + ", style=" + Dot.quote(gradient ? "filled,dashed" : "filled")
        + ", fillcolor=" + Dot.quote(gradient ? "#ffd8a8" : "#fff3bf")
        + ", color=" + Dot.quote(gradient ? "#e8590c" : "#f08c00")
        + ", tooltip="
        + Dot.quote(box.nodes.size() + (box.nodes.size() == 1 ? " node in " : " nodes in ")
            + box.path) + "];";
  }

  /**
   * What the box hands on: its nodes that drawn nodes outside it read, or, when nothing drawn
   * reads it, its computations no node inside reads (its results).
   */
  private List<Node> outputs(Box box, Set<Node> inside) {
    List<Node> readOutside = new ArrayList<>();
    Set<Node> readInside = new LinkedHashSet<>();
    for (Node consumer : drawn) {
      for (Node input : consumer.inputs()) {
        if (inside.contains(input)) {
          if (inside.contains(consumer)) {
            readInside.add(input);
          } else if (!readOutside.contains(input)) {
            readOutside.add(input);
          }
        }
      }
    }
    if (!readOutside.isEmpty()) {
      return readOutside;
    }
    return box.nodes.stream()
        .filter(n -> n.kind() == NodeKind.OPERATION && !readInside.contains(n)).toList();
  }

  private static List<String> opTypeLines(List<Node> nodes) {
    List<String> types = new ArrayList<>();
    for (Node node : nodes) {
      String type = node.op().type();
      if (node.kind() == NodeKind.OPERATION && !types.contains(type)) {
        types.add(type);
      }
    }
    int more = Math.max(0, types.size() - MAX_OP_TYPES);
    List<String> shown = types.subList(0, Math.min(types.size(), MAX_OP_TYPES));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < shown.size(); i += OP_TYPES_PER_LINE) {
      lines.add(String.join(", ", shown.subList(i, Math.min(shown.size(),
          i + OP_TYPES_PER_LINE))));
    }
    if (more > 0) {
      lines.set(lines.size() - 1, lines.get(lines.size() - 1) + ", +" + more + " more");
    }
    return lines;
  }

  private static String limited(Set<String> shapes) {
    List<String> all = new ArrayList<>(shapes);
    if (all.size() <= MAX_SHAPES) {
      return String.join(", ", all);
    }
    return String.join(", ", all.subList(0, MAX_SHAPES)) + ", +" + (all.size() - MAX_SHAPES)
        + " more";
  }

  /** A small dashed node for an input the view leaves out, so the edge from it has an end. */
  private static String stubStatement(String id, Node source) {
    String label = Dot.escape(source.name()) + "\\n" + Dot.escape(source.shape().describe());
    return id + " [label=\"" + label + "\", shape="
        + (source.kind() == NodeKind.PLACEHOLDER ? "ellipse" : "box")
        + ", style=\"dashed\", color=\"#868e96\", fontcolor=\"#868e96\", tooltip="
        + Dot.quote("outside this view: " + source.name()) + "];";
  }

  private static boolean isExcluded(Node node, DotView view) {
    for (String scope : view.excluded()) {
      if (DotView.isIn(node.scope(), scope)) {
        return true;
      }
    }
    return false;
  }

  private static String parent(String scope) {
    int slash = scope.lastIndexOf('/');
    return slash < 0 ? "" : scope.substring(0, slash);
  }

  private static List<String> topLevelScopes(List<Node> nodes) {
    Set<String> tops = new LinkedHashSet<>();
    for (Node node : nodes) {
      String scope = node.scope();
      if (!scope.isEmpty()) {
        int slash = scope.indexOf('/');
        tops.add(slash < 0 ? scope : scope.substring(0, slash));
      }
    }
    return List.copyOf(tops);
  }

  private static String example(List<Node> nodes) {
    for (Node node : nodes) {
      if (!node.scope().isEmpty()) {
        return node.scope();
      }
    }
    return "conv1";
  }

  /** A closed scope: its path, its DOT id and the drawn nodes it stands for. */
  private static final class Box {
    final String path;
    final String id;
    final List<Node> nodes = new ArrayList<>();

    Box(String path, String id) {
      this.path = path;
      this.id = id;
    }
  }
}
