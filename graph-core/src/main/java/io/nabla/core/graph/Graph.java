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

  private final List<Node> nodes;
  private final Map<String, Node> byName;
  private final Map<String, Integer> autoNameCounters;
  private final Deque<Frame> scopes = new ArrayDeque<>();
  /** The graph this one extends, or null; its first {@link #base} nodes are also this one's. */
  private final Graph parent;
  private final int base;
  /** The name prefix of every node this graph adds: its extension scope, or empty. */
  private final String root;
  /** While an extension of this graph is open, the graph that new nodes go to; else null. */
  private Graph redirect;

  /** An empty graph. */
  public Graph() {
    this(null, "");
  }

  private Graph(Graph parent, String root) {
    this.parent = parent;
    this.root = root;
    if (parent == null) {
      this.nodes = new ArrayList<>();
      this.byName = new HashMap<>();
      this.autoNameCounters = new HashMap<>();
      this.base = 0;
    } else {
      this.nodes = new ArrayList<>(parent.nodes);
      this.byName = new HashMap<>(parent.byName);
      this.autoNameCounters = new HashMap<>(parent.autoNameCounters);
      this.base = parent.nodes.size();
    }
  }

  /** An open scope: a name prefix and, inside autodiff, the forward node being differentiated. */
  private record Frame(String prefix, Node gradientOf) {}

  /** A value fed on every run, e.g. {@code placeholder("x", -1, 784)} for a batch of images. */
  public Node placeholder(String name, int... dims) {
    return placeholder(name, Shape.of(dims));
  }

  /** A value fed on every run; {@link Shape#UNKNOWN} dimensions are fixed by the feed. */
  public Node placeholder(String name, Shape shape) {
    return addSource(name, NodeKind.PLACEHOLDER, new Placeholder(shape), shape);
  }

  /** Trainable state starting at a copy of {@code initial}. */
  public Node variable(String name, Tensor initial) {
    return addSource(name, NodeKind.VARIABLE, new Variable(initial), initial.shape());
  }

  /** A named constant holding a copy of {@code value}. */
  public Node constant(String name, Tensor value) {
    return addSource(name, NodeKind.CONSTANT, new Constant(value), value.shape());
  }

  /** An anonymous constant holding a copy of {@code value}. */
  public Node constant(Tensor value) {
    Graph t = target(List.of());
    return t.register(t.autoName("const"), NodeKind.CONSTANT, new Constant(value), List.of(),
        value.shape(), t.gradientOf());
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
    Preconditions.checkNotNull(op, "op is null");
    Graph t = target(inputs);
    return t.addOperation(t.autoName(op.type()), op, inputs);
  }

  /**
   * Applies {@code op} to {@code inputs}, naming the node {@code baseName} within the scope, or
   * {@code baseName_1}, {@code baseName_2}, … when that name is taken.
   */
  public Node applyAs(String baseName, Op op, List<Node> inputs) {
    checkName(baseName);
    Graph t = target(inputs);
    return t.addOperation(t.autoName(baseName), op, inputs);
  }

  /** Applies {@code op} to {@code inputs} as a node called {@code name} within the scope. */
  public Node apply(String name, Op op, Node... inputs) {
    List<Node> in = Arrays.asList(inputs);
    Graph t = target(in);
    return t.addOperation(t.explicitName(name), op, in);
  }

  /** Opens a name scope nested in the current one: nodes become {@code name/...}. */
  public Scope scope(String name) {
    checkName(name);
    if (redirect != null) {
      return redirect.scope(name);
    }
    Frame top = scopes.peek();
    if (top != null && top.gradientOf() != null && !root.isEmpty()
        && name.startsWith(root + "/")) {
      // the gradient of one of this extension's nodes: its name holds the root already
      name = name.substring(root.length() + 1);
    }
    String prefix = top == null ? name : top.prefix() + "/" + name;
    return open(new Frame(prefix, top == null ? null : top.gradientOf()));
  }

  /**
   * Opens the scope in which autodiff builds the gradient of {@code forward}: nodes are named
   * {@code grad/...} whatever scope is open, and remember {@code forward}, so a failure in them
   * names the node they differentiate.
   */
  public Scope gradientScope(Node forward) {
    if (redirect != null) {
      return redirect.gradientScope(forward);
    }
    checkOwned(forward);
    return open(new Frame("grad", forward));
  }

  /**
   * The name prefix in force, e.g. {@code res1/} inside scope {@code res1}; empty at top level.
   * An extension's own scope comes first: {@code train/…}.
   */
  public String scopePrefix() {
    if (redirect != null) {
      return redirect.scopePrefix();
    }
    Frame top = scopes.peek();
    String scoped = top == null || top.prefix().isEmpty() ? "" : top.prefix() + "/";
    return root.isEmpty() ? scoped : root + "/" + scoped;
  }

  /**
   * The graph that nodes built on this one go to: the open extension ({@link #open}), else this
   * graph.
   */
  public Graph building() {
    return redirect != null ? redirect : this;
  }

  /**
   * A new graph that sees every node of this one as it is now, and adds its own nodes, named
   * {@code scope/...}, without changing this graph: what a trainer or a training step builds
   * (targets, losses, gradients) lives in such an extension, so any number of them can be built
   * over one model and dropped with them. A session of this graph runs nodes of its extensions.
   * Nodes of this graph created later are not part of the extension.
   */
  public Graph extend(String scope) {
    checkName(scope);
    return new Graph(this, root.isEmpty() ? scope : root + "/" + scope);
  }

  /** The graph this one extends, if any. */
  public Optional<Graph> parent() {
    return Optional.ofNullable(parent);
  }

  /**
   * Until the returned scope is closed, nodes built on this extension's ancestors (by the op
   * builders, layers or autodiff, which build in the graph of their inputs) are added to this
   * extension instead, so that nothing built meanwhile grows the ancestors.
   */
  public Scope open() {
    Preconditions.checkState(parent != null,
        "only an extension (graph.extend(scope)) can be opened over its parent");
    List<Graph> ancestors = new ArrayList<>();
    List<Graph> previous = new ArrayList<>();
    for (Graph a = parent; a != null; a = a.parent) {
      ancestors.add(a);
      previous.add(a.redirect);
      a.redirect = this;
    }
    boolean[] closed = {false};
    return () -> {
      if (!closed[0]) {
        for (int i = 0; i < ancestors.size(); i++) {
          ancestors.get(i).redirect = previous.get(i);
        }
        closed[0] = true;
      }
    };
  }

  /** True when this graph is {@code other} or an extension of it (at any depth). */
  public boolean extendsGraph(Graph other) {
    for (Graph g = this; g != null; g = g.parent) {
      if (g == other) {
        return true;
      }
    }
    return false;
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
    Preconditions.checkArgument(owns(node),
        "node '%s' belongs to another graph; nodes of different graphs cannot be combined",
        node.name());
  }

  /** True when {@code node} is one of this graph's nodes (its own or its parent's it sees). */
  public boolean owns(Node node) {
    int id = node.id();
    return node.graph() == this || id < base && nodes.get(id) == node;
  }

  private Node addSource(String name, NodeKind kind, Op op, Shape shape) {
    Graph t = target(List.of());
    return t.register(t.explicitName(name), kind, op, List.of(), shape, t.gradientOf());
  }

  /**
   * The graph a new node on {@code inputs} goes to: the open extension, else the deepest
   * extension among the inputs' graphs (a node lives where all its inputs are visible).
   */
  private Graph target(List<Node> inputs) {
    Graph g = redirect != null ? redirect : this;
    for (Node in : inputs) {
      if (in != null && in.graph() != g && in.graph().extendsGraph(g)) {
        g = in.graph();
      }
    }
    return g;
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
    return register(name, NodeKind.OPERATION, op, inputs, shape, gradientOf());
  }

  /** The forward node whose gradient is being built in the open scope, or null. */
  private Node gradientOf() {
    Frame top = scopes.peek();
    return top == null ? null : top.gradientOf();
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
    String full = withRoot(qualify(name));
    Node taken = byName.get(full);
    Preconditions.checkArgument(taken == null,
        "name '%s' is already taken by %s; choose another name or open a scope", full,
        taken == null ? "" : taken.describe());
    return full;
  }

  String autoName(String base) {
    String stem = withRoot(qualify(base));
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

  private String withRoot(String name) {
    return root.isEmpty() ? name : root + "/" + name;
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
