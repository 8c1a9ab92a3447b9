package io.nabla.core.exec;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.graph.Variable;
import io.nabla.core.pass.Pipeline;
import io.nabla.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Runs a graph: holds the current values of its variables and compiles {@link Plan}s. Plans
 * compiled by {@link #run} are cached by fetches and fed placeholders.
 *
 * <p>Thread safety: any number of runs, {@link #read} sections and {@link #value} calls may go on
 * at once; an {@link #update} (an optimizer step, {@link #assign}, {@link #reset}) waits for them
 * and holds them off while it changes the live values, so nothing ever sees a half-applied update.
 * The lock is taken in arrival order: an update waits only for the runs that began before it,
 * and runs that begin while it waits start after it, so a trainer is not starved by threads
 * that predict without pause.
 *
 * <pre>{@code
 * Session s = new Session(graph);
 * float loss = s.run(Map.of(x, batch, y, labels), lossNode).scalar(lossNode);
 * }</pre>
 */
public final class Session {
  private final Graph graph;
  private volatile Pipeline pipeline;
  private final Map<Node, Tensor> state = new ConcurrentHashMap<>();
  private final Map<PlanKey, Plan> plans = new ConcurrentHashMap<>();
  /**
   * Readers: runs, {@link #read}, {@link #value}. Writer: {@link #update}. Fair (first come,
   * first served), so a reader that arrives while an update waits queues behind it: with the
   * default barging order, threads predicting back to back kept the read lock held almost
   * without a gap and a trainer beside eight of them got one step in five seconds.
   */
  private final ReentrantReadWriteLock variables = new ReentrantReadWriteLock(true);

  private record PlanKey(List<Node> fetches, Set<Node> fed) {}

  /** A session whose plans are optimized with {@link Pipeline#standard()}. */
  public Session(Graph graph) {
    this(graph, Pipeline.standard());
  }

  /**
   * A session whose plans are optimized with {@code pipeline}: {@link Pipeline#none()} runs
   * the graph exactly as built, which helps when debugging.
   */
  public Session(Graph graph, Pipeline pipeline) {
    this.graph = Preconditions.checkNotNull(graph, "the graph is null");
    this.pipeline = Preconditions.checkNotNull(pipeline,
        "the pipeline is null; use Pipeline.none() for no passes");
  }

  public Graph graph() {
    return graph;
  }

  /** The passes that plans compiled from now on are optimized with. */
  public Pipeline pipeline() {
    return pipeline;
  }

  /**
   * Sets the passes of the plans compiled from now on (plans already compiled keep theirs);
   * {@link Pipeline#none()} turns them off.
   */
  public void setPipeline(Pipeline pipeline) {
    this.pipeline = Preconditions.checkNotNull(pipeline,
        "the pipeline is null; use Pipeline.none() for no passes");
    plans.clear();
  }

  /**
   * Compiles a plan that computes {@code fetches} from the fed placeholders, optimized with
   * this session's {@link #pipeline()}.
   */
  public Plan compile(List<Node> fetches, Collection<Node> fed) {
    return compile(fetches, fed, pipeline);
  }

  /** Compiles a plan optimized with {@code pipeline} rather than the session's. */
  public Plan compile(List<Node> fetches, Collection<Node> fed, Pipeline pipeline) {
    return new Plan(this, fetches, fed, pipeline);
  }

  /** Runs in inference mode, compiling (once) a plan for these fetches and feeds. */
  public Results run(Map<Node, Tensor> feeds, Node... fetches) {
    return run(feeds, RunOptions.forInference(), fetches);
  }

  /** Runs with the given options, compiling (once) a plan for these fetches and feeds. */
  public Results run(Map<Node, Tensor> feeds, RunOptions options, Node... fetches) {
    List<Node> f = Arrays.asList(fetches);
    Plan plan = plans.computeIfAbsent(new PlanKey(List.copyOf(f), Set.copyOf(feeds.keySet())),
        k -> compile(k.fetches(), k.fed()));
    return plan.run(feeds, options);
  }

  /** A copy of the current value of {@code variable}. */
  public Tensor value(Node variable) {
    return read(() -> state(variable).copy());
  }

  /** Sets {@code variable} to a copy of {@code value}, which must have its shape. */
  public void assign(Node variable, Tensor value) {
    update(() -> {
      Tensor live = state(variable);
      Preconditions.checkArgument(live.shape().equals(value.shape()),
          "variable '%s' is %s; cannot assign a value of %s", variable.name(),
          live.shape().describe(), value.shape().describe());
      System.arraycopy(value.data(), 0, live.data(), 0, live.size());
    });
  }

  /** Sets every variable back to its initial value. */
  public void reset() {
    update(state::clear);
  }

  /**
   * Runs {@code reader} while no {@link #update} is in progress, so every variable it reads
   * (and whatever an update changes together with them, such as optimizer state) belongs to
   * the same step: for snapshots and checkpoints. Readers run alongside each other and alongside
   * plan runs.
   */
  public <T> T read(Supplier<T> reader) {
    Lock lock = variables.readLock();
    lock.lock();
    try {
      return reader.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code updater}, which may change live variable values in place ({@link #state}),
   * with no run or reader in progress: a whole optimizer step becomes atomic for them. Waits
   * for runs in progress to finish. Refused inside a {@link #read} section or a running op of
   * this session, which would wait for itself.
   */
  public void update(Runnable updater) {
    if (variables.getReadHoldCount() > 0 && !variables.isWriteLockedByCurrentThread()) {
      throw new IllegalStateException("cannot update the variables of this session from a"
          + " thread that is reading them (inside Session.read or a running plan): the update"
          + " would wait for itself; update after the read section or the run has returned");
    }
    Lock lock = variables.writeLock();
    lock.lock();
    try {
      updater.run();
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code thread} waits for the variables' lock: for tests of the order it keeps. */
  boolean waitsForVariables(Thread thread) {
    return variables.hasQueuedThread(thread);
  }

  /** Held for reading by every run of a plan of this session while it evaluates. */
  Lock runLock() {
    return variables.readLock();
  }

  /**
   * The live value of {@code variable}, which plans read directly. For optimizers that update
   * parameters in place: change it only inside {@link #update}, so that concurrent runs and
   * readers never see a half-applied change.
   */
  public Tensor state(Node variable) {
    checkRunnable(variable);
    if (variable.kind() != NodeKind.VARIABLE) {
      // not Preconditions: the message would be built on every run, for every variable
      throw new IllegalArgumentException(variable.describe() + " is a " + variable.kind()
          + ", not a variable");
    }
    return state.computeIfAbsent(variable, v -> ((Variable) v.op()).initialValue());
  }

  /** Fails unless {@code node} is of this session's graph or of an extension of it. */
  void checkRunnable(Node node) {
    Preconditions.checkNotNull(node, "a node is null");
    if (!node.graph().extendsGraph(graph)) {
      // not Preconditions: a message built on every run would allocate on every run
      throw new IllegalArgumentException("node '" + node.name() + "' belongs to another graph;"
          + " nodes of different graphs cannot be combined");
    }
  }
}
