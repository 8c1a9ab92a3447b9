package io.nabla.core.exec;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Constant;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.pass.Pipeline;
import io.nabla.core.pass.PlanGraph;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.stream.Collectors;

/**
 * A graph compiled for one set of fetches and fed placeholders: the pruned topological order
 * after the session's passes ({@link Pipeline}; the user's graph itself is never changed),
 * where each intermediate dies (its buffer goes back to a per-thread pool after its last use),
 * and the run-time shapes for each combination of feed shapes seen. Immutable once built; may be
 * run from several threads at once. A run whose buffers the heap could not hold is refused
 * before it starts, with the estimate ({@link GraphRunException}).
 */
public final class Plan {
  private final Session session;
  private final List<Node> fetches;
  private final List<Node> fed;
  /** The same fetches without passes, compiled on the first non-finite value in a fused step. */
  private volatile Plan asBuilt;
  /** The placeholders the fetches need in the user's graph, checked on every run. */
  private final List<Node> required;
  private final Node[] order;
  /** The node of the user's graph each step stands for: feeds, variable state, random stream. */
  private final Node[] origins;
  private final int[] fetchSlots;
  /**
   * Whether fetch i is computed by the same step as an earlier, different fetch (the passes
   * merged them): it gets a copy, so that no two fetched tensors are one.
   */
  private final boolean[] sharesSlot;
  private final int[][] inputSlots;
  private final int[][] releaseAfter;
  private final int[] fedSlots;
  /** Slots of fetched computed nodes, each once: what a consuming run gives back. */
  private final int[] fetchedOperationSlots;
  private final Map<List<Shape>, RunShapes> shapesBySignature = new ConcurrentHashMap<>();
  private final ThreadLocal<BufferPool> pools = ThreadLocal.withInitial(BufferPool::new);

  Plan(Session session, List<Node> fetches, Collection<Node> fed, Pipeline pipeline) {
    this.session = session;
    this.fetches = List.copyOf(fetches);
    this.fed = List.copyOf(fed);
    Preconditions.checkArgument(!fetches.isEmpty(), "nothing to fetch: name at least one node");
    for (Node n : fetches) {
      session.checkRunnable(n);
    }
    for (Node n : fed) {
      session.checkRunnable(n);
      Preconditions.checkArgument(n.kind() == NodeKind.PLACEHOLDER,
          "%s is a %s, not a placeholder; only placeholders can be fed", n.describe(),
          n.kind().name().toLowerCase());
    }
    PlanGraph pruned = PlanGraph.of(this.fetches);
    // what must be fed is decided on the graph as built, whatever the passes remove
    this.required = pruned.nodes().stream()
        .filter(n -> n.kind() == NodeKind.PLACEHOLDER).toList();
    for (Node p : required) {
      if (!fed.contains(p)) {
        throw new IllegalArgumentException("placeholder '" + p.name() + "' is needed to compute "
            + PlanMessages.neededBy(fetches, p) + " but was not fed");
      }
    }
    PlanGraph optimized = pipeline.optimize(pruned);
    this.order = optimized.nodes().toArray(Node[]::new);
    this.origins = Arrays.stream(order).map(optimized::origin).toArray(Node[]::new);
    Map<Node, Integer> slot = new HashMap<>();
    for (int i = 0; i < order.length; i++) {
      slot.put(order[i], i);
    }
    this.fetchSlots = optimized.outputs().stream().mapToInt(slot::get).toArray();
    this.sharesSlot = new boolean[fetchSlots.length];
    for (int i = 0; i < fetchSlots.length; i++) {
      for (int j = 0; j < i; j++) {
        sharesSlot[i] |= fetchSlots[j] == fetchSlots[i] && fetches.get(j) != fetches.get(i);
      }
    }
    List<Integer> fedList = new ArrayList<>();
    for (int i = 0; i < order.length; i++) {
      if (order[i].kind() == NodeKind.PLACEHOLDER) {
        fedList.add(i);
      }
    }
    this.fedSlots = fedList.stream().mapToInt(Integer::intValue).toArray();
    this.inputSlots = new int[order.length][];
    int[] lastUse = new int[order.length];
    Arrays.fill(lastUse, -1);
    for (int i = 0; i < order.length; i++) {
      List<Node> ins = order[i].inputs();
      inputSlots[i] = new int[ins.size()];
      for (int k = 0; k < ins.size(); k++) {
        int s = slot.get(ins.get(k));
        inputSlots[i][k] = s;
        lastUse[s] = i;
      }
    }
    BitSet kept = new BitSet();
    Arrays.stream(fetchSlots).forEach(kept::set);
    this.fetchedOperationSlots = kept.stream()
        .filter(s -> order[s].kind() == NodeKind.OPERATION).toArray();
    List<List<Integer>> releases = new ArrayList<>();
    for (int i = 0; i < order.length; i++) {
      releases.add(new ArrayList<>());
    }
    for (int s = 0; s < order.length; s++) {
      if (order[s].kind() == NodeKind.OPERATION && !kept.get(s) && lastUse[s] >= 0) {
        releases.get(lastUse[s]).add(s);
      }
    }
    this.releaseAfter = releases.stream()
        .map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
  }

  /** The fetched nodes, in order. */
  public List<Node> fetches() {
    return fetches;
  }

  /**
   * The nodes this plan evaluates, in execution order (sources included), after the passes of
   * its pipeline: the user's own nodes when no pass changed anything, else nodes of a rewritten
   * copy that carry the names of the user's nodes they stand for. The user's graph is never
   * changed; {@link #origin} maps a node back to it.
   */
  public List<Node> order() {
    return List.of(order);
  }

  /** The node of the user's graph that {@code node}, one of {@link #order()}, stands for. */
  public Node origin(Node node) {
    for (int i = 0; i < order.length; i++) {
      if (order[i] == node) {
        return origins[i];
      }
    }
    throw new IllegalArgumentException("'" + node.name() + "' is not a step of this plan");
  }

  /** Runs in inference mode. */
  public Results run(Map<Node, Tensor> feeds) {
    return run(feeds, RunOptions.forInference());
  }

  /** Runs with {@code feeds} (placeholder → value; the values are only read). */
  public Results run(Map<Node, Tensor> feeds, RunOptions options) {
    Tensor[] values = execute(feeds, options);
    Map<Node, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < fetchSlots.length; i++) {
      Tensor t = values[fetchSlots[i]];
      // a source's value is shared (session state, a constant): the caller gets a copy
      out.putIfAbsent(fetches.get(i),
          order[fetchSlots[i]].kind() == NodeKind.OPERATION && !sharesSlot[i] ? t : t.copy());
    }
    return new Results(out);
  }

  /**
   * Runs and hands the fetched values to {@code consumer} without copying them out: the buffers
   * go back to this thread's pool when the consumer returns, so a steady training loop
   * allocates almost nothing. The {@link Results} and its tensors must not be kept. The run
   * has finished reading the variables when the consumer starts, so the consumer may change
   * them through {@link Session#update} (as a training step does).
   */
  public <T> T run(Map<Node, Tensor> feeds, RunOptions options,
      java.util.function.Function<Results, T> consumer) {
    Tensor[] values = execute(feeds, options);
    Map<Node, Tensor> out = new LinkedHashMap<>();
    for (int i = 0; i < fetchSlots.length; i++) {
      Tensor t = values[fetchSlots[i]];
      out.putIfAbsent(fetches.get(i), sharesSlot[i] ? t.copy() : t);
    }
    try {
      return consumer.apply(new Results(out));
    } finally {
      BufferPool pool = pools.get();
      for (int s : fetchedOperationSlots) {
        pool.give(values[s].data());
      }
    }
  }

  /**
   * Evaluates every node of the plan; the fetched ones stay in the returned slots. Holds the
   * session's run lock, so no variable update lands halfway through.
   */
  private Tensor[] execute(Map<Node, Tensor> feeds, RunOptions options) {
    Lock lock = session.runLock();
    lock.lock();
    try {
      return evaluate(feeds, options);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A fed variable or constant would be ignored (the plan reads the session's value), so it is
   * refused as {@link Session#compile} refuses it.
   */
  private static void refuseFedSources(Map<Node, Tensor> feeds) {
    for (Node n : feeds.keySet()) {
      if (n.kind() != NodeKind.PLACEHOLDER) {
        throw new IllegalArgumentException(n.describe() + " is a " + n.kind().name()
            .toLowerCase(java.util.Locale.ROOT) + ", not a placeholder; only placeholders can be"
            + " fed");
      }
    }
  }

  private Tensor[] evaluate(Map<Node, Tensor> feeds, RunOptions options) {
    Tensor[] values = new Tensor[order.length];
    if (feeds.size() > required.size()) {
      refuseFedSources(feeds);
    }
    for (Node p : required) {
      Tensor t = feeds.get(p);
      if (t == null) {
        throw new IllegalArgumentException("placeholder '" + p.name() + "' is needed to compute "
            + PlanMessages.neededBy(fetches, p) + " but was not fed");
      }
      FeedCheck.check(p, t);
      if (options.trapNonFinite()) {
        NonFiniteCheck.checkSource(p, t);
      }
    }
    List<Shape> signature = new ArrayList<>(fedSlots.length);
    for (int s : fedSlots) {
      Tensor t = feeds.get(origins[s]);
      values[s] = t;
      signature.add(t.shape());
    }
    RunShapes run = shapesBySignature.computeIfAbsent(signature, k -> checkedShapes(values));
    BufferPool pool = pools.get();
    RunContext ctx = new RunContext(options);
    for (int i = 0; i < order.length; i++) {
      Node node = order[i];
      switch (node.kind()) {
        case PLACEHOLDER -> { }
        case VARIABLE, CONSTANT -> {
          values[i] = node.kind() == NodeKind.VARIABLE ? session.state(origins[i])
              : ((Constant) node.op()).value();
          if (options.trapNonFinite()) {
            NonFiniteCheck.checkSource(origins[i], values[i]);
          }
        }
        case OPERATION -> values[i] = runStep(i, values, run, pool, ctx, feeds, options);
        default -> throw new IllegalStateException("unknown node kind " + node.kind());
      }
      for (int s : releaseAfter[i]) {
        pool.give(values[s].data());
        values[s] = null;
      }
    }
    return values;
  }

  /** Computes step {@code i}, an operation, into a buffer of {@code pool}. */
  private Tensor runStep(int i, Tensor[] values, RunShapes run, BufferPool pool, RunContext ctx,
      Map<Node, Tensor> feeds, RunOptions options) {
    Node node = order[i];
    Shape shape = run.shapes()[i];
    Tensor out = Tensor.wrap(shape, pool.take(shape.size()));
    Tensor[] ins = new Tensor[inputSlots[i].length];
    for (int k = 0; k < ins.length; k++) {
      ins[k] = values[inputSlots[i][k]];
    }
    ctx.bind(node, origins[i].id(), ins, out);
    boolean alone = run.callerOnly()[i];
    if (alone) {
      Parallel.enterCallerOnly();
    }
    try {
      node.op().compute(ctx);
    } catch (RuntimeException e) {
      throw new GraphRunException("while running " + PlanMessages.describe(node, ins)
          + rewrittenNote(i) + ": " + e.getMessage(), e);
    } finally {
      if (alone) {
        Parallel.exitCallerOnly();
      }
    }
    if (options.trapNonFinite()) {
      try {
        NonFiniteCheck.check(node, ins, out, rewrittenNote(i));
      } catch (GraphRunException e) {
        throw rewrittenNote(i).isEmpty() ? e : traceAsBuilt(feeds, options, e);
      }
    }
    return out;
  }

  /**
   * Run-time shapes for a new feed-shape signature, once the heap is known to have room for
   * the run's buffers (else nothing is cached, so a later run checks again).
   */
  private RunShapes checkedShapes(Tensor[] fedValues) {
    Shape[] shapes = inferShapes(fedValues);
    String shortfall = BufferEstimate.of(order, shapes, releaseAfter).shortfall();
    if (shortfall != null) {
      throw new GraphRunException("running "
          + PlanMessages.describeRun(fetches, order, fedSlots, fedValues) + " " + shortfall);
    }
    return RunShapes.of(order, inputSlots, shapes, RunShapes.SERIAL_BELOW);
  }

  /** The buffers a run with these feeds would take (for tests of the estimate). */
  BufferEstimate estimate(Map<Node, Tensor> feeds) {
    Tensor[] values = new Tensor[order.length];
    for (int s : fedSlots) {
      values[s] = feeds.get(origins[s]);
    }
    return BufferEstimate.of(order, inferShapes(values), releaseAfter);
  }

  /** Run-time shapes of every node for the feed shapes in {@code values}. */
  private Shape[] inferShapes(Tensor[] fedValues) {
    Shape[] shapes = new Shape[order.length];
    for (int i = 0; i < order.length; i++) {
      Node node = order[i];
      shapes[i] = switch (node.kind()) {
        case PLACEHOLDER -> fedValues[i].shape();
        case VARIABLE, CONSTANT -> node.shape();
        case OPERATION -> {
          List<Shape> ins = new ArrayList<>(inputSlots[i].length);
          for (int s : inputSlots[i]) {
            ins.add(shapes[s]);
          }
          Shape s;
          try {
            s = node.op().outputShape(ins);
          } catch (ShapeException e) {
            throw new GraphRunException("while running "
                + PlanMessages.describeShapes(node, ins) + ": " + e.getMessage(), e);
          }
          if (!s.isKnown() || !node.shape().accepts(s)) {
            throw new GraphRunException("while running " + PlanMessages.describeShapes(node, ins)
                + ": the shape rule gave " + s.describe() + " at run time, which does not fit"
                + " the static shape " + node.shape().describe());
          }
          yield s;
        }
      };
    }
    return shapes;
  }

  /**
   * A non-finite value came out of a fused step: runs the graph as built on the same feeds,
   * state and seed, so that the error names the very node that produced it.
   */
  private GraphRunException traceAsBuilt(Map<Node, Tensor> feeds, RunOptions options,
      GraphRunException fused) {
    Plan plain = asBuilt;
    if (plain == null) {
      plain = session.compile(fetches, fed, Pipeline.none());
      asBuilt = plain;
    }
    try {
      plain.execute(feeds, options);
    } catch (GraphRunException e) {
      return e;
    }
    return fused;
  }

  /**
   * For a step that a pass rewrote into another op (a fusion), which node it stands for and how
   * to see the steps one by one; empty otherwise.
   */
  private String rewrittenNote(int slot) {
    Node origin = origins[slot];
    if (origin == order[slot] || origin.op().getClass() == order[slot].op().getClass()) {
      return "";
    }
    return " [a step of the optimized plan computing " + origin.describe() + " and the nodes"
        + " it absorbed; compile with Pipeline.none() to run them one by one]";
  }

  @Override
  public String toString() {
    return "Plan(" + Arrays.stream(order).filter(n -> n.kind() == NodeKind.OPERATION).count()
        + " steps → " + fetches.stream().map(Node::name).collect(Collectors.joining(", ")) + ")";
  }
}
