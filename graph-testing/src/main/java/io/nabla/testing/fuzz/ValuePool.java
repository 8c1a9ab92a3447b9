package io.nabla.testing.fuzz;

import static io.nabla.ops.Ops.add;
import static io.nabla.ops.Ops.exp;
import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.sigmoid;
import static io.nabla.ops.Ops.softplus;
import static io.nabla.ops.Ops.square;
import static io.nabla.ops.Ops.tanh;

import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.testing.fuzz.FuzzNode.Leaf;
import io.nabla.testing.fuzz.FuzzNode.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * The graph a {@link GraphGenerator} is growing, with the value of every node: recipes pick
 * operands by shape and by value (log only gets inputs of at least 0.25), and a step whose output
 * is not finite, too large or too big is refused, so every accepted graph can be checked.
 */
public final class ValuePool {
  /** Largest magnitude a value may reach: beyond it float32 differences get too coarse. */
  static final float MAX_MAGNITUDE = 50f;
  /** Most elements a node may hold, which keeps a check fast. */
  static final int MAX_ELEMENTS = 256;

  private final Graph graph = new Graph();
  private final Session session = new Session(graph);
  private final Random random;
  private final boolean training;
  private final long runSeed;
  private final double recentBias;
  private final List<FuzzNode> entries = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private final List<Tensor> values = new ArrayList<>();
  private final List<Integer> depths = new ArrayList<>();
  private final List<Integer> uses = new ArrayList<>();
  private final Map<Node, Tensor> feeds = new HashMap<>();

  /**
   * An empty pool drawing from {@code random}, evaluating in the given mode with {@code runSeed};
   * {@link #pick} takes the most recent fitting entry with probability {@code recentBias}.
   */
  public ValuePool(Random random, boolean training, long runSeed, double recentBias) {
    this.random = random;
    this.training = training;
    this.runSeed = runSeed;
    this.recentBias = recentBias;
  }

  /** The source of every random choice, so a seed reproduces the graph. */
  public Random random() {
    return random;
  }

  /** Number of entries so far. */
  public int size() {
    return entries.size();
  }

  /** The run-time shape of entry {@code i} (its static shape may leave the batch unknown). */
  public Shape shape(int i) {
    return values.get(i).shape();
  }

  /** The value entry {@code i} computed (not to be changed). */
  public Tensor value(int i) {
    return values.get(i);
  }

  /** Length of the longest chain of steps ending at entry {@code i}. */
  public int depth(int i) {
    return depths.get(i);
  }

  /** True when entry {@code i} is a leaf rather than a step. */
  public boolean isLeaf(int i) {
    return entries.get(i) instanceof Leaf;
  }

  /** True when entry {@code i} depends on entry {@code ancestor} (or is it). */
  public boolean dependsOn(int i, int ancestor) {
    if (i == ancestor) {
      return true;
    }
    return entries.get(i) instanceof Step s && s.inputs().stream()
        .anyMatch(k -> k >= ancestor && dependsOn(k, ancestor));
  }

  /** Adds a leaf holding {@code value}; returns its index. */
  public int leaf(Tensor value, boolean differentiable) {
    return leaf(new Leaf(value, differentiable));
  }

  /** Adds {@code leaf}; returns its index. */
  public int leaf(Leaf leaf) {
    String name = (leaf.differentiable() ? "x" : "fed") + entries.size();
    Node p = graph.placeholder(name, leaf.declared());
    feeds.put(p, leaf.value());
    return record(leaf, p, leaf.value(), 0);
  }

  /** Adds a differentiable leaf of {@code shape} with values from {@code domain}. */
  public int leaf(Shape shape, Domain domain) {
    return leaf(domain.draw(shape, random), true);
  }

  /**
   * Applies {@code builder} to the entries at {@code inputs} and keeps the step if it builds, runs
   * and gives a finite, moderate, non-empty output of at most {@link #MAX_ELEMENTS} elements.
   */
  public OptionalInt apply(String label, OpBuilder builder, int... inputs) {
    return apply(label, List.of(), builder, inputs);
  }

  /**
   * As {@link #apply(String, OpBuilder, int...)}, for inputs whose values must stay in
   * {@code domains} (one per input) whenever the graph is checked, also after shrinking.
   */
  public OptionalInt apply(String label, List<Domain> domains, OpBuilder builder,
      int... inputs) {
    List<Node> in = new ArrayList<>();
    int depth = 0;
    for (int k : inputs) {
      in.add(nodes.get(k));
      depth = Math.max(depth, depths.get(k) + 1);
    }
    Node out;
    Tensor value;
    try {
      out = builder.build(in);
      RunOptions options = (training ? RunOptions.forTraining() : RunOptions.forInference())
          .withSeed(runSeed);
      value = session.compile(List.of(out), feeds.keySet()).run(feeds, options).get(out).copy();
    } catch (RuntimeException e) {
      if (Defects.isDefect(e)) {
        throw new IllegalStateException("step '" + label + "' crashed on operands "
            + in.stream().map(Node::toString).toList() + ": " + e.getMessage(), e);
      }
      return OptionalInt.empty();   // the step does not suit these operands: draw another
    }
    if (value.size() == 0 || value.size() > MAX_ELEMENTS || !moderate(value)) {
      return OptionalInt.empty();
    }
    for (int k : inputs) {
      uses.set(k, uses.get(k) + 1);
    }
    List<Integer> inputList = new ArrayList<>();
    for (int k : inputs) {
      inputList.add(k);
    }
    return OptionalInt.of(record(new Step(label, builder, inputList, domains), out, value,
        depth));
  }

  /** True when every element is finite and within {@link #MAX_MAGNITUDE}. */
  static boolean moderate(Tensor t) {
    for (int i = 0; i < t.size(); i++) {
      if (!(Math.abs(t.get(i)) <= MAX_MAGNITUDE)) {
        return false;
      }
    }
    return true;
  }

  private int record(FuzzNode entry, Node node, Tensor value, int depth) {
    entries.add(entry);
    nodes.add(node);
    values.add(value);
    depths.add(depth);
    uses.add(0);
    return entries.size() - 1;
  }

  /**
   * An entry satisfying {@code ok}: often the most recent one, which grows long chains, otherwise
   * any, which gives fan-out and reuse.
   */
  public OptionalInt pick(IntPredicate ok) {
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (ok.test(i)) {
        candidates.add(i);
      }
    }
    if (candidates.isEmpty()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(random.nextDouble() < recentBias
        ? candidates.get(candidates.size() - 1)
        : candidates.get(random.nextInt(candidates.size())));
  }

  /** An entry of any shape whose values lie in {@code domain}, made so if need be. */
  public int operand(Domain domain) {
    return operand(domain, i -> true).orElseGet(() -> leaf(randomShape(0, 3), domain));
  }

  /**
   * An entry whose shape satisfies {@code shapeOk} and whose values lie in {@code domain}: an
   * existing one, or (sometimes, or when none fits) one mapped into the domain by a small
   * composite such as {@code softplus(x) + 0.5}.
   */
  public OptionalInt operand(Domain domain, IntPredicate shapeOk) {
    if (domain == Domain.ANY) {
      return pick(shapeOk);
    }
    OptionalInt fits = pick(i -> shapeOk.test(i) && domain.admits(values.get(i)));
    if (fits.isPresent() && random.nextInt(4) > 0) {
      return fits;
    }
    OptionalInt source = pick(shapeOk);
    if (source.isEmpty()) {
      return fits;
    }
    OptionalInt mapped = apply(domain.name().toLowerCase() + " map", into(domain),
        source.getAsInt());
    return mapped.isPresent() ? mapped : fits;
  }

  /** A composite mapping any finite input into {@code domain} (not {@code ANY}). */
  private OpBuilder into(Domain domain) {
    int variant = random.nextInt(3);
    return switch (domain) {
      case ANY -> throw new IllegalArgumentException("every value is already in domain ANY");
      case POSITIVE -> switch (variant) {
        case 0 -> in -> add(softplus(in.get(0)), 0.5f);
        case 1 -> in -> add(square(in.get(0)), 0.5f);
        default -> in -> exp(tanh(in.get(0)));
      };
      case MODERATE -> in -> mul(tanh(in.get(0)), 2.5f);
      case PROBABILITY -> in -> add(mul(sigmoid(in.get(0)), 0.9f), 0.05f);
    };
  }

  /** A random shape of rank in {@code [minRank, maxRank]} with at most 48 elements. */
  public Shape randomShape(int minRank, int maxRank) {
    int rank = minRank + random.nextInt(maxRank - minRank + 1);
    int[] dims = new int[rank];
    int size = 1;
    for (int d = 0; d < rank; d++) {
      dims[d] = 1 + random.nextInt(Math.max(1, Math.min(5, 48 / size)));
      size *= dims[d];
    }
    return Shape.of(dims);
  }

  /** Steps whose output nothing consumes yet. */
  public List<Integer> sinks() {
    List<Integer> sinks = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      if (!isLeaf(i) && uses.get(i) == 0) {
        sinks.add(i);
      }
    }
    return sinks;
  }

  /** The recipe of what was grown, with {@code output} as the output. */
  public FuzzGraph toGraph(int output) {
    return new FuzzGraph(entries, output, training).pruned();
  }
}
