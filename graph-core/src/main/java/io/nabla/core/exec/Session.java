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

/**
 * Runs a graph: holds the current values of its variables and compiles {@link Plan}s. Plans
 * compiled by {@link #run} are cached by fetches and fed placeholders.
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
    return state(variable).copy();
  }

  /** Sets {@code variable} to a copy of {@code value}, which must have its shape. */
  public void assign(Node variable, Tensor value) {
    Tensor live = state(variable);
    Preconditions.checkArgument(live.shape().equals(value.shape()),
        "variable '%s' is %s; cannot assign a value of %s", variable.name(),
        live.shape().describe(), value.shape().describe());
    System.arraycopy(value.data(), 0, live.data(), 0, live.size());
  }

  /** Sets every variable back to its initial value. */
  public void reset() {
    state.clear();
  }

  /**
   * The live value of {@code variable}, which plans read directly. For optimizers that update
   * parameters in place; do not change it while a plan runs.
   */
  public Tensor state(Node variable) {
    graph.checkOwned(variable);
    Preconditions.checkArgument(variable.kind() == NodeKind.VARIABLE,
        "%s is a %s, not a variable", variable.describe(), variable.kind());
    return state.computeIfAbsent(variable, v -> ((Variable) v.op()).initialValue());
  }
}
