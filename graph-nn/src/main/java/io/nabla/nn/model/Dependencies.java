package io.nabla.nn.model;

import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/** The placeholders a node is computed from: the inputs it depends on. */
final class Dependencies {
  private Dependencies() {}

  static Set<Node> placeholders(Node out) {
    Set<Node> seen = new HashSet<>();
    Set<Node> found = new HashSet<>();
    Deque<Node> todo = new ArrayDeque<>();
    todo.push(out);
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (!seen.add(n)) {
        continue;
      }
      if (n.kind() == NodeKind.PLACEHOLDER) {
        found.add(n);
      }
      n.inputs().forEach(todo::push);
    }
    return found;
  }
}
