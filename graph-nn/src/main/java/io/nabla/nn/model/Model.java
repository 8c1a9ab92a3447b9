package io.nabla.nn.model;

import com.google.common.base.Preconditions;
import io.nabla.core.exec.Plan;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.pass.OpsPasses;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built network: its graph, its named input placeholders and output nodes (class scores are
 * logits, before any softmax), its parameters and running statistics, which of them are frozen,
 * and the session holding their values. The graph stays reachable for DOT dumps, custom ops and
 * gradients of anything.
 *
 * <p>Models of one input and one output ({@link Sequential}, {@link Mlp}, {@link Cnn}) are used
 * through {@link #input()}, {@link #output()} and {@link #predict(Tensor)}; any model through the
 * named forms. Build other shapes of model with {@link ModelBuilder}.
 */
public final class Model {
  private final Graph graph;
  private final Map<String, Node> inputs;
  private final Map<String, Node> outputs;
  private final List<Parameter> parameters;
  private final List<Node> states;
  private final List<RunningAverage> runningAverages;
  private final List<LayerInfo> layers;
  private final Freezing freezing;
  private final Session session;
  private volatile Plan inference;

  Model(Graph graph, Map<String, Node> inputs, Map<String, Node> outputs,
      List<Parameter> parameters, List<Node> states, List<RunningAverage> runningAverages,
      List<LayerInfo> layers) {
    this.graph = graph;
    this.inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    this.outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    this.parameters = List.copyOf(parameters);
    this.states = List.copyOf(states);
    this.runningAverages = List.copyOf(runningAverages);
    this.layers = List.copyOf(layers);
    this.freezing = new Freezing(this.parameters, this.layers);
    this.session = new Session(graph, OpsPasses.standard());
  }

  public Graph graph() {
    return graph;
  }

  /** The input placeholders by name, in the order they were declared. */
  public Map<String, Node> inputs() {
    return inputs;
  }

  /** The outputs by name, in the order they were declared. */
  public Map<String, Node> outputs() {
    return outputs;
  }

  /**
   * The input placeholder, {@code [?, …feature shape]}, of a model with one input.
   *
   * @throws IllegalStateException when the model has several inputs (use {@link #input(String)})
   */
  public Node input() {
    return sole(inputs, "input");
  }

  /** The input named {@code name}; the message lists the model's inputs when there is none. */
  public Node input(String name) {
    return named(inputs, "input", name);
  }

  /**
   * The output node of a model with one output: class scores (logits) for a classifier.
   *
   * @throws IllegalStateException when the model has several outputs (use {@link
   *     #output(String)})
   */
  public Node output() {
    return sole(outputs, "output");
  }

  /** The output named {@code name}; the message lists the model's outputs when there is none. */
  public Node output(String name) {
    return named(outputs, "output", name);
  }

  /** The name of {@code node} among the outputs, or null when it is not one. */
  public String outputName(Node node) {
    for (Map.Entry<String, Node> e : outputs.entrySet()) {
      if (e.getValue() == node) {
        return e.getKey();
      }
    }
    return null;
  }

  private static Node sole(Map<String, Node> nodes, String what) {
    if (nodes.size() != 1) {
      throw new IllegalStateException("the model has " + nodes.size() + " " + what + "s ("
          + String.join(", ", nodes.keySet()) + "); name the one you mean: " + what
          + "(\"" + nodes.keySet().iterator().next() + "\")");
    }
    return nodes.values().iterator().next();
  }

  private static Node named(Map<String, Node> nodes, String what, String name) {
    Node n = nodes.get(name);
    if (n == null) {
      throw new IllegalArgumentException("the model has no " + what + " '" + name + "'; its "
          + what + "s are " + String.join(", ", nodes.keySet()));
    }
    return n;
  }

  /** Every trainable parameter, frozen or not, in the order the layers made them. */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** The parameters training updates: all but the frozen ones. */
  public List<Parameter> trainableParameters() {
    return freezing.trainable();
  }

  /**
   * Freezes layers or parameters, by layer scope ({@code "enc"} freezes every parameter under
   * {@code enc/}) or by parameter name ({@code "dense2/bias"}): trainers built or run afterwards
   * compute no gradient for them and their optimizer leaves them bit for bit as they are.
   *
   * @throws IllegalArgumentException naming the model's layers when a name matches nothing
   */
  public Model freeze(String... layersOrParameters) {
    freezing.set(true, layersOrParameters);
    return this;
  }

  /** Undoes {@link #freeze} for these layers or parameters. */
  public Model unfreeze(String... layersOrParameters) {
    freezing.set(false, layersOrParameters);
    return this;
  }

  /** Unfreezes everything. */
  public Model unfreezeAll() {
    freezing.clear();
    return this;
  }

  /** Whether {@code p} is frozen. */
  public boolean isFrozen(Parameter p) {
    return freezing.isFrozen(p);
  }

  /** Changes on every freeze or unfreeze that changes something; trainers rebuild on a change. */
  public long freezeVersion() {
    return freezing.version();
  }

  /** Non-trainable variables: running statistics. */
  public List<Node> states() {
    return states;
  }

  public List<RunningAverage> runningAverages() {
    return runningAverages;
  }

  /** One entry per layer application, in order: name, kind, output, parameters, inputs. */
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

  /** Number of trainable scalars (a shared layer's counted once). */
  public long parameterCount() {
    return parameters.stream().mapToLong(p -> p.variable().shape().size()).sum();
  }

  /** The shape of one example, without the batch dimension, of a model with one input. */
  public Shape featureShape() {
    return featureShape(input());
  }

  /** The shape of one example of the input named {@code name}. */
  public Shape featureShape(String name) {
    return featureShape(input(name));
  }

  private static Shape featureShape(Node input) {
    int[] d = input.shape().dims();
    return Shape.of(Arrays.copyOfRange(d, 1, d.length));
  }

  /**
   * Fails with an {@link IllegalArgumentException} naming both shapes and the reshape that would
   * fit, unless {@code x} is a non-empty batch of this one-input model's examples,
   * {@code [n, …featureShape()]} with n ≥ 1.
   */
  public void checkInput(Tensor x) {
    input();
    checkInput(inputs.keySet().iterator().next(), x);
  }

  /** As {@link #checkInput(Tensor)} for the input named {@code name}; messages name it. */
  public void checkInput(String name, Tensor x) {
    Node in = input(name);
    Preconditions.checkNotNull(x, "input '%s' is null", name);
    try {
      InputCheck.check(in.shape(), featureShape(in), x.shape());
    } catch (IllegalArgumentException e) {
      throw inputs.size() == 1 ? e
          : new IllegalArgumentException("input '" + name + "': " + e.getMessage(), e);
    }
  }

  /**
   * The output for a batch {@code x} of a model with one input and one output, in inference
   * mode (running statistics, no dropout). Not scanned for NaN: an example holding one gets NaN
   * scores, the others are unaffected. Safe from several threads at once, and while a {@code
   * Trainer} updates the parameters.
   *
   * @throws IllegalArgumentException when {@code x} is not a batch the model takes (see
   *     {@link #checkInput})
   */
  public Tensor predict(Tensor x) {
    Preconditions.checkNotNull(x, "the input is null");
    input();
    String out = outputName(output());
    return predict(Map.of(inputs.keySet().iterator().next(), x)).get(out);
  }

  /**
   * Every output for a batch given by input name, in inference mode; as {@link
   * #predict(Tensor)} otherwise.
   *
   * @throws IllegalArgumentException when an input is missing or unknown, or does not fit, or
   *     the inputs hold different numbers of examples
   */
  public Map<String, Tensor> predict(Map<String, Tensor> batch) {
    Map<Node, Tensor> feeds = feeds(batch);
    Results r = inferencePlan().run(feeds, RunOptions.forInference());
    Map<String, Tensor> out = new LinkedHashMap<>();
    outputs.forEach((name, node) -> out.put(name, r.get(node)));
    return out;
  }

  /** The feeds of a batch by input name, every input checked. */
  public Map<Node, Tensor> feeds(Map<String, Tensor> batch) {
    Preconditions.checkNotNull(batch, "the batch is null");
    for (String name : batch.keySet()) {
      if (!inputs.containsKey(name)) {
        throw new IllegalArgumentException("the model has no input '" + name + "'; its inputs"
            + " are " + String.join(", ", inputs.keySet()));
      }
    }
    Map<Node, Tensor> feeds = new HashMap<>();
    int n = -1;
    for (Map.Entry<String, Node> in : inputs.entrySet()) {
      Tensor x = batch.get(in.getKey());
      if (x == null) {
        throw new IllegalArgumentException("input '" + in.getKey() + "' is missing; the model"
            + " takes " + String.join(", ", inputs.keySet()) + " and was given "
            + String.join(", ", batch.keySet()));
      }
      checkInput(in.getKey(), x);
      if (n >= 0 && x.shape().dim(0) != n) {
        throw new IllegalArgumentException("input '" + in.getKey() + "' holds "
            + x.shape().dim(0) + " examples but the inputs before it hold " + n
            + "; every input needs the same examples");
      }
      n = x.shape().dim(0);
      feeds.put(in.getValue(), x);
    }
    return feeds;
  }

  /** Compiled on first use, once even when several threads predict at once. */
  private Plan inferencePlan() {
    Plan p = inference;
    if (p == null) {
      synchronized (this) {
        p = inference;
        if (p == null) {
          p = session.compile(List.copyOf(outputs.values()), List.copyOf(inputs.values()));
          inference = p;
        }
      }
    }
    return p;
  }

  /** The most likely class of each example of {@code x}, for a one-output classifier. */
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

  /**
   * A Keras-like table: each layer application with its kind, output shape, parameters and
   * the layers or inputs it is connected to, then the totals.
   */
  public String summary() {
    return Summary.of(this);
  }

  @Override
  public String toString() {
    return "Model(" + inputs.size() + (inputs.size() == 1 ? " input, " : " inputs, ")
        + layers.size() + " layers, " + outputs.size()
        + (outputs.size() == 1 ? " output, " : " outputs, ") + parameterCount()
        + " parameters)";
  }
}
