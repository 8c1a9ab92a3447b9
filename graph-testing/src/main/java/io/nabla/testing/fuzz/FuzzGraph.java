package io.nabla.testing.fuzz;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.testing.fuzz.FuzzNode.Leaf;
import io.nabla.testing.fuzz.FuzzNode.Step;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The recipe of a random graph, independent of any {@link Graph}: leaves with their values, steps
 * applied to earlier entries, and the output. Immutable; {@link #build} makes a fresh graph from
 * it, and the shrinker derives smaller recipes ({@link #withOutput}, {@link #withLeafAt},
 * {@link #withLeafValues}).
 */
public final class FuzzGraph {
  private final List<FuzzNode> entries;
  private final int output;
  private final boolean training;

  /** Entries in order (a step's inputs come before it), the output's index and the run mode. */
  public FuzzGraph(List<FuzzNode> entries, int output, boolean training) {
    Preconditions.checkArgument(output >= 0 && output < entries.size(),
        "fuzz graph: output %s is not one of the %s entries", output, entries.size());
    this.entries = List.copyOf(entries);
    this.output = output;
    this.training = training;
  }

  /** The entries in order; a step's inputs are earlier entries. */
  public List<FuzzNode> entries() {
    return entries;
  }

  /** Index of the entry whose gradients are checked. */
  public int output() {
    return output;
  }

  /** Whether the graph runs in training mode (batch statistics, dropout masks). */
  public boolean training() {
    return training;
  }

  /** Number of steps (op applications); leaves do not count. */
  public int stepCount() {
    return (int) entries.stream().filter(e -> e instanceof Step).count();
  }

  /** Length of the longest chain of steps from a leaf to the output. */
  public int depth() {
    int[] depth = new int[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i) instanceof Step step) {
        for (int k : step.inputs()) {
          depth[i] = Math.max(depth[i], depth[k] + 1);
        }
      }
    }
    return depth[output];
  }

  /** Builds a fresh graph; throws when a step no longer suits its inputs' shapes. */
  public BuiltGraph build() {
    Graph g = new Graph();
    List<Node> nodes = new ArrayList<>();
    Map<Node, Tensor> wrt = new LinkedHashMap<>();
    Map<Node, Tensor> fed = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      FuzzNode e = entries.get(i);
      if (e instanceof Leaf leaf) {
        Node p = g.placeholder((leaf.differentiable() ? "x" : "fed") + i, leaf.declared());
        (leaf.differentiable() ? wrt : fed).put(p, leaf.value());
        nodes.add(p);
      } else {
        Step step = (Step) e;
        nodes.add(step.builder().build(step.inputs().stream().map(nodes::get).toList()));
      }
    }
    return new BuiltGraph(g, nodes, nodes.get(output), wrt, fed, training);
  }

  /** The graph up to entry {@code k}, which becomes the output; its consumers are dropped. */
  public FuzzGraph withOutput(int k) {
    return new FuzzGraph(entries, k, training).pruned();
  }

  /** Entry {@code k} replaced by a differentiable leaf holding {@code value}. */
  public FuzzGraph withLeafAt(int k, Tensor value) {
    List<FuzzNode> copy = new ArrayList<>(entries);
    copy.set(k, new Leaf(value, true));
    return new FuzzGraph(copy, output, training).pruned();
  }

  /** Every leaf's value replaced by {@code f} of it (the steps are kept). */
  public FuzzGraph withLeafValues(UnaryOperator<Tensor> f) {
    List<FuzzNode> copy = new ArrayList<>(entries);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i) instanceof Leaf leaf) {
        copy.set(i, new Leaf(f.apply(leaf.value()), leaf.differentiable(),
            leaf.batchUnknown()));
      }
    }
    return new FuzzGraph(copy, output, training);
  }

  /** Only the entries the output depends on, renumbered. */
  public FuzzGraph pruned() {
    BitSet needed = new BitSet();
    needed.set(output);
    for (int i = output; i >= 0; i--) {
      if (needed.get(i) && entries.get(i) instanceof Step step) {
        step.inputs().forEach(needed::set);
      }
    }
    int[] newIndex = new int[entries.size()];
    List<FuzzNode> kept = new ArrayList<>();
    for (int i = needed.nextSetBit(0); i >= 0; i = needed.nextSetBit(i + 1)) {
      newIndex[i] = kept.size();
      FuzzNode e = entries.get(i);
      kept.add(e instanceof Step s ? new Step(s.label(), s.builder(),
          s.inputs().stream().map(k -> newIndex[k]).toList(), s.domains()) : e);
    }
    return new FuzzGraph(kept, newIndex[output], training);
  }

  /** The steps' labels, one per line with their inputs, e.g. {@code 3 = softmax axis=1 (2)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < entries.size(); i++) {
      FuzzNode e = entries.get(i);
      sb.append(i).append(" = ");
      if (e instanceof Leaf leaf) {
        sb.append(leaf.differentiable() ? "leaf " : "fed leaf ")
            .append(leaf.declared().describe())
            .append(leaf.batchUnknown() ? " fed " + leaf.value().shape() : "");
      } else {
        Step s = (Step) e;
        sb.append(s.label()).append(' ').append(s.inputs());
      }
      sb.append(i == output ? "  (output)\n" : "\n");
    }
    return sb.toString();
  }
}
