package io.nabla.nn.model;

import com.google.common.base.Preconditions;
import io.nabla.core.exec.Plan;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.pass.OpsPasses;
import java.util.List;
import java.util.Map;

/**
 * A built network: its graph, input placeholder and output node (class scores, before any
 * softmax), its parameters and running statistics, and the session holding their values. The
 * graph stays reachable for DOT dumps, custom ops and gradients of anything.
 */
public final class Model {
  private final Graph graph;
  private final Node input;
  private final Node output;
  private final List<Parameter> parameters;
  private final List<Node> states;
  private final List<RunningAverage> runningAverages;
  private final List<LayerInfo> layers;
  private final Session session;
  private volatile Plan inference;

  Model(Graph graph, Node input, Node output, List<Parameter> parameters, List<Node> states,
      List<RunningAverage> runningAverages, List<LayerInfo> layers) {
    this.graph = graph;
    this.input = input;
    this.output = output;
    this.parameters = List.copyOf(parameters);
    this.states = List.copyOf(states);
    this.runningAverages = List.copyOf(runningAverages);
    this.layers = List.copyOf(layers);
    this.session = new Session(graph, OpsPasses.standard());
  }

  public Graph graph() {
    return graph;
  }

  /** The input placeholder, {@code [?, …feature shape]}. */
  public Node input() {
    return input;
  }

  /** The output node: class scores (logits) for a classifier. */
  public Node output() {
    return output;
  }

  public List<Parameter> parameters() {
    return parameters;
  }

  /** Non-trainable variables: running statistics. */
  public List<Node> states() {
    return states;
  }

  public List<RunningAverage> runningAverages() {
    return runningAverages;
  }

  /** One entry per layer, in order: name, kind, output shape, parameter count. */
  public List<LayerInfo> layers() {
    return layers;
  }

  /**
   * The session holding the current parameter values. Its plans are optimized with
   * {@link OpsPasses#standard()}; {@code session().setPipeline(Pipeline.none())} before building
   * a trainer runs the graph exactly as built.
   */
  public Session session() {
    return session;
  }

  /** Number of trainable scalars. */
  public long parameterCount() {
    return parameters.stream().mapToLong(p -> p.variable().shape().size()).sum();
  }

  /** The shape of one example, without the batch dimension. */
  public Shape featureShape() {
    int[] d = input.shape().dims();
    return Shape.of(java.util.Arrays.copyOfRange(d, 1, d.length));
  }

  /**
   * Fails with an {@link IllegalArgumentException} naming both shapes and the reshape that would
   * fit, unless {@code x} is a non-empty batch of this model's examples,
   * {@code [n, …featureShape()]} with n ≥ 1.
   */
  public void checkInput(Tensor x) {
    Preconditions.checkNotNull(x, "the input is null");
    InputCheck.check(input.shape(), featureShape(), x.shape());
  }

  /**
   * The output for a batch {@code x}, in inference mode (running statistics, no dropout). Not
   * scanned for NaN: an example holding one gets NaN scores, the others are unaffected. Safe
   * from several threads at once, and while a {@code Trainer} updates the parameters.
   *
   * @throws IllegalArgumentException when {@code x} is not a batch the model takes (see
   *     {@link #checkInput})
   */
  public Tensor predict(Tensor x) {
    checkInput(x);
    return inferencePlan().run(Map.of(input, x), RunOptions.forInference()).get(output);
  }

  /** Compiled on first use, once even when several threads predict at once. */
  private Plan inferencePlan() {
    Plan p = inference;
    if (p == null) {
      synchronized (this) {
        p = inference;
        if (p == null) {
          p = session.compile(List.of(output), List.of(input));
          inference = p;
        }
      }
    }
    return p;
  }

  /** The most likely class of each example of {@code x}. */
  public int[] predictClasses(Tensor x) {
    Tensor scores = predict(x);
    int n = scores.shape().dim(0);
    int classes = scores.shape().dim(1);
    int[] out = new int[n];
    float[] d = scores.data();
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (d[i * classes + c] > d[i * classes + best]) {
          best = c;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /** A Keras-like table: layer, kind, output shape, parameters, and the totals. */
  public String summary() {
    return Summary.of(this);
  }

  @Override
  public String toString() {
    return "Model(" + layers.size() + " layers, " + parameterCount() + " parameters)";
  }
}
