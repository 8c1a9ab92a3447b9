package io.nabla.core.graph;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A directed acyclic graph of {@link Node}s, kept in creation order (a node's inputs always
 * exist before it, so creation order is a topological order). Building is not thread-safe;
 * once built, a graph may be compiled and run from many threads.
 */
public final class Graph {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)*");

  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Node> byName = new HashMap<>();
  private final Map<String, Integer> autoNameCounters = new HashMap<>();
  private final Deque<Frame> scopes = new ArrayDeque<>();

  /** An open scope: a name prefix and, inside autodiff, the forward node being differentiated. */
  private record Frame(String prefix, Node gradientOf) {}

  /** A value fed on every run, e.g. {@code placeholder("x", -1, 784)} for a batch of images. */
  public Node placeholder(String name, int... dims) {
    return placeholder(name, Shape.of(dims));
  }

  /** A value fed on every run; {@link Shape#UNKNOWN} dimensions are fixed by the feed. */
  public Node placeholder(String name, Shape shape) {
    return addSource(explicitName(name), NodeKind.PLACEHOLDER, new Placeholder(shape), shape);
  }

  /** Trainable state starting at a copy of {@code initial}. */
  public Node variable(String name, Tensor initial) {
    return addSource(explicitName(name), NodeKind.VARIABLE, new Variable(initial),
        initial.shape());
  }

  /** A named constant holding a copy of {@code value}. */
  public Node constant(String name, Tensor value) {
    return addSource(explicitName(name), NodeKind.CONSTANT, new Constant(value), value.shape());
  }

  /** An anonymous constant holding a copy of {@code value}. */
  public Node constant(Tensor value) {
    return addSource(autoName("const"), NodeKind.CONSTANT, new Constant(value), value.shape());
  }

  /** A scalar constant; it broadcasts against any shape. */
  public Node constant(float value) {
    return constant(Tensor.scalar(value));
  }

  /** Applies {@code op} to {@code inputs}, naming the node after the op within the scope. */
  public Node apply(Op op, Node... inputs) {
    return apply(op, Arrays.asList(inputs));
  }

  /** Applies {@code op} to {@code inputs}, naming the node after the op within the scope. */
  public Node apply(Op op, List<Node> inputs) {
    return addOperation(autoName(op.type()), op, inputs);
  }

  /**
   * Applies {@code op} to {@code inputs}, naming the node {@code baseName} within the scope, or
   * {@code baseName_1}, {@code baseName_2}, … when that name is taken.
   */
  public Node applyAs(String baseName, Op op, List<Node> inputs) {
    checkName(baseName);
    return addOperation(autoName(baseName), op, inputs);
  }

  /** Applies {@code op} to {@code inputs} as a node called {@code name} within the scope. */
  public Node apply(String name, Op op, Node... inputs) {
    return addOperation(explicitName(name), op, Arrays.asList(inputs));
  }

  /** Opens a name scope nested in the current one: nodes become {@code name/...}. */
  public Scope scope(String name) {
    checkName(name);
    Frame top = scopes.peek();
    String prefix = top == null ? name : top.prefix() + "/" + name;
    return open(new Frame(prefix, top == null ? null : top.gradientOf()));
  }

  /**
   * Opens the scope in which autodiff builds the gradient of {@code forward}: nodes are named
   * {@code grad/...} whatever scope is open, and remember {@code forward}, so a failure in them
   * names the node they differentiate.
   */
  public Scope gradientScope(Node forward) {
    checkOwned(forward);
    return open(new Frame("grad", forward));
  }

  /** The name prefix in force, e.g. {@code res1/} inside scope {@code res1}; empty at top level. */
  public String scopePrefix() {
    Frame top = scopes.peek();
    return top == null || top.prefix().isEmpty() ? "" : top.prefix() + "/";
  }

  /**
   * Pushes {@code frame}; closing the returned scope pops it. Closing twice does nothing, and
   * closing out of order is refused, so a mistake cannot silently rename later nodes.
   */
  private Scope open(Frame frame) {
    scopes.push(frame);
    boolean[] closed = {false};
    return () -> {
      if (closed[0]) {
        return;
      }
      Preconditions.checkState(scopes.peek() == frame,
          "scope '%s' closed while an inner scope is still open; close scopes in reverse order",
          frame.prefix());
      scopes.pop();
      closed[0] = true;
    };
  }


  /** All nodes in creation order. */
  public List<Node> nodes() {
    return ImmutableList.copyOf(nodes);
  }

  /** The node called {@code name}, or an error listing names that look alike. */
  public Node node(String name) {
    Node n = byName.get(name);
    if (n == null) {
      String suffix = name.contains("/") ? name.substring(name.lastIndexOf('/') + 1) : name;
      String alike = byName.keySet().stream()
          .filter(k -> k.endsWith(suffix) || k.startsWith(name))
          .sorted().limit(5).collect(Collectors.joining(", "));
      throw new IllegalArgumentException("no node is called '" + name + "'"
          + (alike.isEmpty() ? "" : "; similar names: " + alike));
    }
    return n;
  }

  /** The node called {@code name}, if any. */
  public Optional<Node> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Placeholders in creation order. */
  public List<Node> placeholders() {
    return ofKind(NodeKind.PLACEHOLDER);
  }

  /** Variables in creation order. */
  public List<Node> variables() {
    return ofKind(NodeKind.VARIABLE);
  }

  private List<Node> ofKind(NodeKind kind) {
    return nodes.stream().filter(n -> n.kind() == kind).collect(ImmutableList.toImmutableList());
  }

  /** Fails unless {@code node} belongs to this graph. */
  public void checkOwned(Node node) {
    Preconditions.checkArgument(node.graph() == this,
        "node '%s' belongs to another graph; nodes of different graphs cannot be combined",
        node.name());
  }

  private Node addSource(String name, NodeKind kind, Op op, Shape shape) {
    return register(name, kind, op, List.of(), shape);
  }

  private Node addOperation(String name, Op op, List<Node> inputs) {
    Preconditions.checkNotNull(op, "op is null for node '%s'", name);
    for (Node in : inputs) {
      Preconditions.checkNotNull(in, "%s '%s': an input is null", op.type(), name);
      checkOwned(in);
    }
    List<Shape> shapes = inputs.stream().map(Node::shape).toList();
    Shape shape;
    try {
      shape = op.outputShape(shapes);
    } catch (ShapeException e) {
      throw new ShapeException(op.type() + " '" + name + "': " + e.getMessage()
          + " (inputs: " + describeInputs(inputs) + ")" + gradientNote());
    }
    Preconditions.checkState(shape != null, "%s '%s': the shape rule returned null",
        op.type(), name);
    return register(name, NodeKind.OPERATION, op, inputs, shape);
  }

  private Node register(String name, NodeKind kind, Op op, List<Node> inputs, Shape shape) {
    Frame top = scopes.peek();
    return register(name, kind, op, inputs, shape, top == null ? null : top.gradientOf());
  }

  /** Records a node as given; {@link GraphCopy} calls it with the forward node of its template. */
  Node register(String name, NodeKind kind, Op op, List<Node> inputs, Shape shape,
      Node gradientOf) {
    Node node = new Node(this, nodes.size(), name, kind, op, inputs, shape, gradientOf);
    nodes.add(node);
    byName.put(name, node);
    return node;
  }

  private String gradientNote() {
    Frame top = scopes.peek();
    return top == null || top.gradientOf() == null ? ""
        : " [in the gradient of " + top.gradientOf().describe() + "]";
  }

  static String describeInputs(List<Node> inputs) {
    return inputs.stream().map(n -> "'" + n.name() + "' " + n.shape().describe())
        .collect(Collectors.joining(", "));
  }

  private String explicitName(String name) {
    checkName(name);
    String full = qualify(name);
    Node taken = byName.get(full);
    Preconditions.checkArgument(taken == null,
        "name '%s' is already taken by %s; choose another name or open a scope", full,
        taken == null ? "" : taken.describe());
    return full;
  }

  String autoName(String base) {
    String stem = qualify(base);
    if (!byName.containsKey(stem)) {
      return stem;
    }
    int k = autoNameCounters.getOrDefault(stem, 0);
    String candidate;
    do {
      k++;
      candidate = stem + "_" + k;
    } while (byName.containsKey(candidate));
    autoNameCounters.put(stem, k);
    return candidate;
  }

  private String qualify(String name) {
    Frame top = scopes.peek();
    return top == null ? name : top.prefix() + "/" + name;
  }

  private static void checkName(String name) {
    Preconditions.checkArgument(name != null && NAME.matcher(name).matches(),
        "'%s' is not a valid name: use letters, digits, '_', '-', '.' and '/' between parts",
        name);
  }

  /** Number of nodes. */
  public int size() {
    return nodes.size();
  }

  @Override
  public String toString() {
    return "Graph(" + nodes.size() + " nodes)";
  }
}
