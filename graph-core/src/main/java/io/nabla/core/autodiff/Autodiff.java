package io.nabla.core.autodiff;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.Scope;
import io.nabla.core.primitive.AddN;
import io.nabla.core.primitive.FillLike;
import io.nabla.core.primitive.Identity;
import io.nabla.core.primitive.SumLike;
import io.nabla.core.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Symbolic reverse-mode differentiation. {@link #gradients} adds the gradient computation to the
 * same graph as ordinary nodes, so it can be run, dumped and differentiated again.
 *
 * <p>The walk visits only nodes that lie on a path between the requested nodes and the output,
 * from the last created to the first; contributions of several consumers are summed
 * ({@code add_n}); an input that was broadcast receives the upstream gradient summed back to its
 * own run-time shape ({@code sum_like}). The gradient of each requested node is named
 * {@code grad/<name>}.
 */
public final class Autodiff {
  private Autodiff() {}

  /**
   * Gradients of a scalar {@code loss} with respect to each of {@code wrt}, as new nodes of the
   * graph, in the order given. A node the loss does not depend on gets zeros.
   */
  public static List<Node> gradients(Node loss, Node... wrt) {
    return gradients(loss, Arrays.asList(wrt));
  }

  /** As {@link #gradients(Node, Node...)}, for a list of nodes. */
  public static List<Node> gradients(Node loss, List<Node> wrt) {
    Shape shape = loss.shape();
    Preconditions.checkArgument(shape.isScalar() || shape.isKnown() && shape.size() == 1,
        "gradients of %s: the output is %s, not a scalar; pass an explicit seed (the gradient "
            + "with respect to the output) or reduce it to a scalar first",
        loss.describe(), loss.shape().describe());
    Graph g = loss.graph().building();
    Node seed;
    try (Scope s = g.gradientScope(loss)) {
      seed = g.applyAs(loss.name() + "/seed", new FillLike(1f), List.of(loss));
    }
    return gradients(loss, seed, wrt);
  }

  /**
   * Vector-Jacobian products: the gradients with respect to {@code wrt} of
   * {@code sum(output * seed)}, where {@code seed} has the output's shape.
   */
  public static List<Node> gradients(Node output, Node seed, List<Node> wrt) {
    Graph g = output.graph().building();
    if (seed.graph() != g && seed.graph().extendsGraph(g)) {
      g = seed.graph();
    }
    g.checkOwned(output);
    g.checkOwned(seed);
    Preconditions.checkArgument(!wrt.isEmpty(), "gradients of %s: no nodes to differentiate by",
        output.describe());
    wrt.forEach(g::checkOwned);
    Preconditions.checkArgument(seed.shape().canEqual(output.shape()),
        "gradients of %s: the seed %s must have the output's shape %s",
        output.describe(), seed.shape().describe(), output.shape().describe());
    // in an extension, everything the ops' gradients build goes to it, not to its parents
    try (Scope open = g.parent().isPresent() ? g.open() : () -> { }) {
      return new Walk(g, output, wrt).run(seed);
    }
  }


  /** One backward walk: the relevant nodes and the gradient contributions gathered so far. */
  private static final class Walk {
    private final Graph graph;
    private final Node output;
    private final List<Node> wrt;
    private final List<Node> nodes;
    private final BitSet relevant;
    private final Map<Node, List<Node>> contributions = new HashMap<>();
    /** The summed gradient of each node, once built; all contributions are in by then. */
    private final Map<Node, Node> totals = new HashMap<>();

    Walk(Graph graph, Node output, List<Node> wrt) {
      this.graph = graph;
      this.output = output;
      this.wrt = wrt;
      this.nodes = graph.nodes();
      this.relevant = relevantNodes();
    }

    /** Nodes that are both ancestors of the output (or it) and descendants of a wrt (or one). */
    private BitSet relevantNodes() {
      int n = output.id() + 1;
      BitSet fromWrt = new BitSet(n);
      for (Node w : wrt) {
        if (w.id() < n) {
          fromWrt.set(w.id());
        }
      }
      for (int i = 0; i < n; i++) {
        if (!fromWrt.get(i)) {
          for (Node in : nodes.get(i).inputs()) {
            if (fromWrt.get(in.id())) {
              fromWrt.set(i);
              break;
            }
          }
        }
      }
      BitSet toOutput = new BitSet(n);
      toOutput.set(output.id());
      for (int i = n - 1; i >= 0; i--) {
        if (toOutput.get(i)) {
          for (Node in : nodes.get(i).inputs()) {
            toOutput.set(in.id());
          }
        }
      }
      fromWrt.and(toOutput);
      return fromWrt;
    }

    List<Node> run(Node seed) {
      contributions.put(output, new ArrayList<>(List.of(seed)));
      BitSet wanted = new BitSet();
      wrt.forEach(w -> wanted.set(w.id()));
      for (int i = output.id(); i >= 0; i--) {
        Node node = nodes.get(i);
        if (!relevant.get(i) || node.kind() != NodeKind.OPERATION
            || !contributions.containsKey(node)) {
          continue;
        }
        Node upstream = total(node, wanted.get(i));
        propagate(node, upstream);
      }
      List<Node> result = new ArrayList<>();
      Map<Node, Node> named = new HashMap<>();
      for (Node w : wrt) {
        result.add(named.computeIfAbsent(w, this::finalGradient));
      }
      return result;
    }

    private Node finalGradient(Node w) {
      if (!contributions.containsKey(w)) {
        // the output does not depend on w: its gradient is zero
        try (Scope s = graph.gradientScope(w)) {
          return graph.applyAs(w.name() + "/zeros", new FillLike(0f), List.of(w));
        }
      }
      return total(w, true);
    }

    /**
     * The summed gradient of {@code node}; for a requested node it is named
     * {@code grad/<node>} so that a person finds it in a dump.
     */
    private Node total(Node node, boolean named) {
      Node done = totals.get(node);
      if (done != null) {
        // a requested operation was summed (and named) during the walk already
        return done;
      }
      List<Node> parts = contributions.get(node);
      Node sum;
      if (parts.size() == 1 && !named) {
        sum = parts.get(0);
      } else {
        Op op = parts.size() == 1 ? new Identity() : new AddN();
        try (Scope s = graph.gradientScope(node)) {
          sum = graph.applyAs(node.name(), op, parts);
        }
      }
      totals.put(node, sum);
      return sum;
    }

    private void propagate(Node node, Node upstream) {
      Op op = node.op();
      List<Node> grads;
      try (Scope s = graph.gradientScope(node); Scope t = graph.scope(node.name())) {
        grads = op.gradient(new GradContext(node, upstream));
        Preconditions.checkState(grads != null && grads.size() == node.inputs().size(),
            "%s: its gradient gave %s entries for %s inputs; give one per input (null for an"
                + " input that is not differentiable)", node.describe(),
            grads == null ? "no" : grads.size(), node.inputs().size());
        for (int k = 0; k < grads.size(); k++) {
          Node input = node.input(k);
          if (!relevant.get(input.id())) {
            continue;
          }
          Node grad = grads.get(k);
          if (!op.isDifferentiable(k)) {
            Preconditions.checkState(grad == null, "%s: input %s is declared not"
                + " differentiable but the gradient returned a node for it", node.describe(), k);
            continue;
          }
          Preconditions.checkState(grad != null, "%s: its gradient gave nothing for input %s"
              + " ('%s'); return a gradient or declare the input not differentiable",
              node.describe(), k, input.name());
          if (!grad.shape().equals(input.shape())) {
            grad = graph.apply(new SumLike(), grad, input);
          }
          contributions.computeIfAbsent(input, x -> new ArrayList<>()).add(grad);
        }
      }
    }
  }
}
