package io.nabla.core.inspect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A name scope as a Graphviz cluster: the statements drawn directly in it and its nested scopes,
 * in order of first use. Every DOT view of {@link Dot} lays out its scopes with it.
 */
final class DotCluster {
  static final String INDENT = "  ";

  final String path;
  final List<String> statements = new ArrayList<>();
  final Map<String, DotCluster> children = new LinkedHashMap<>();

  DotCluster(String path) {
    this.path = path;
  }

  /** The cluster of {@code scope} ({@code conv1/bn}) below this one, created on first use. */
  DotCluster at(String scope) {
    DotCluster cluster = this;
    if (!scope.isEmpty()) {
      for (String part : scope.split("/")) {
        String parentPath = cluster.path;
        cluster = cluster.children.computeIfAbsent(part,
            p -> new DotCluster(parentPath.isEmpty() ? p : parentPath + "/" + p));
      }
    }
    return cluster;
  }

  void write(StringBuilder out, int depth) {
    String pad = INDENT.repeat(depth);
    for (String statement : statements) {
      out.append(pad).append(statement).append('\n');
    }
    for (DotCluster child : children.values()) {
      String inner = pad + INDENT;
      String name = child.path.substring(child.path.lastIndexOf('/') + 1);
      out.append(pad).append("subgraph ").append(Dot.quote("cluster_" + child.path))
          .append(" {\n");
      out.append(inner).append("label=").append(Dot.quote(name)).append(";\n");
      out.append(inner).append("style=\"rounded\"; color=\"#adb5bd\"; fontname=\"Helvetica\";\n");
      child.write(out, depth + 1);
      out.append(pad).append("}\n");
    }
  }
}
