package io.nabla.core.inspect;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;

/** The part of a graph that chosen nodes depend on, shared by the DOT and text printouts. */
final class Ancestors {
  private Ancestors() {}

  /** {@code targets} and every node they depend on, in creation order. */
  static List<Node> of(Collection<Node> targets) {
    Preconditions.checkNotNull(targets, "the nodes to print are null");
    Preconditions.checkArgument(!targets.isEmpty(),
        "no nodes given: pass the nodes whose ancestors to print, or print the whole graph");
    Node first = targets.iterator().next();
    Preconditions.checkNotNull(first, "one of the nodes to print is null");
    Graph graph = first.graph();
    List<Node> all = graph.nodes();
    BitSet keep = new BitSet(all.size());
    for (Node target : targets) {
      Preconditions.checkNotNull(target, "one of the nodes to print is null");
      graph.checkOwned(target);
      keep.set(target.id());
    }
    // Inputs always precede their consumer, so one pass from the last node down finds them all.
    for (int i = keep.length() - 1; i >= 0; i = keep.previousSetBit(i - 1)) {
      for (Node in : all.get(i).inputs()) {
        keep.set(in.id());
      }
    }
    return keep.stream().mapToObj(all::get).toList();
  }
}
