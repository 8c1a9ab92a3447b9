package io.nabla.core.pass;

import io.nabla.core.graph.Node;

/**
 * One local rewrite. Offered each node of a plan in execution order, it returns {@code null} to
 * leave the node as it is, or the node of the rewritten plan that computes the same value:
 * {@link Rewriter#mapped} of another node (x·1 → x), or a new node built with
 * {@link Rewriter#apply} or {@link Rewriter#constant}. It reads {@code node}, its inputs and the
 * plan ({@link Rewriter#plan()}) as they were before the pass.
 */
@FunctionalInterface
public interface Rule {
  Node rewrite(Node node, Rewriter rewriter);
}
