package io.nabla.core.inspect;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.Map;

/**
 * What a DOT view of {@link Dot} draws: everything (the default), or a smaller picture a person
 * can read. An immutable value; each method returns a new view.
 *
 * <pre>{@code
 * DotView.full().forwardOnly().excluding("train").collapsed().expanding("inception1")
 * }</pre>
 *
 * <ul>
 *   <li>{@link #forwardOnly()} drops the nodes built by autodiff; {@link #excluding} drops whole
 *       scopes (the trainer's {@code train} scope, say).
 *   <li>{@link #within} draws one scope only.
 *   <li>{@link #collapsed(int)} draws each scope at that depth (below {@code within}, if set) as
 *       one box labelled with its scope, its kind or op types, the shapes it hands on and its
 *       parameter count; {@link #expanding} opens chosen scopes one level further.
 * </ul>
 *
 * <p>A node a drawn node reads but the view leaves out appears as a dashed stand-in, so no
 * edge dangles. Edges that touch a box or a stand-in are drawn once per pair and labelled with
 * the shapes crossing them.
 */
public final class DotView {
  private static final DotView FULL =
      new DotView(false, ImmutableList.of(), "", 0, ImmutableSet.of(), ImmutableMap.of());

  private final boolean forwardOnly;
  private final ImmutableList<String> excluded;
  private final String within;
  private final int depth;
  private final ImmutableSet<String> expanded;
  private final ImmutableMap<String, String> kinds;

  private DotView(boolean forwardOnly, ImmutableList<String> excluded, String within, int depth,
      ImmutableSet<String> expanded, ImmutableMap<String, String> kinds) {
    this.forwardOnly = forwardOnly;
    this.excluded = excluded;
    this.within = within;
    this.depth = depth;
    this.expanded = expanded;
    this.kinds = kinds;
  }

  /** Every node, one statement each: the text {@code Dot.of(graph)} gives. */
  public static DotView full() {
    return FULL;
  }

  /** Leaves out the nodes autodiff built (the gradients and everything behind them). */
  public DotView forwardOnly() {
    return new DotView(true, excluded, within, depth, expanded, kinds);
  }

  /**
   * Leaves out every node in these scopes and below them. A scope no node is in is ignored, so
   * {@code excluding("train")} also suits a graph that no trainer extended.
   */
  public DotView excluding(String... scopes) {
    Preconditions.checkNotNull(scopes, "the scopes to exclude are null");
    ImmutableList.Builder<String> all = ImmutableList.<String>builder().addAll(excluded);
    for (String scope : scopes) {
      all.add(checkScope(scope, "excluding"));
    }
    return new DotView(forwardOnly, all.build(), within, depth, expanded, kinds);
  }

  /**
   * Draws only the nodes in {@code scope} ({@code inception1} or {@code inception1/conv2}) and
   * below; what they read from outside appears as stand-ins. Drawing a scope no drawn node is
   * in is refused, naming the top-level scopes there are.
   */
  public DotView within(String scope) {
    return new DotView(forwardOnly, excluded, checkScope(scope, "within"), depth, expanded,
        kinds);
  }

  /**
   * {@code collapsed(1)}: each top-level scope, or each scope just below {@code within}, is one
   * box.
   */
  public DotView collapsed() {
    return collapsed(1);
  }

  /**
   * Draws each scope {@code depth} levels down (counted below {@code within}, if set) as one
   * box; scopes above it stay open clusters. Nodes outside every box are drawn as usual.
   */
  public DotView collapsed(int depth) {
    Preconditions.checkArgument(depth >= 1,
        "collapse depth %s: the depth is the scope level drawn as boxes, 1 for the top-level"
            + " scopes (or those just below 'within'); pass 1 or more", depth);
    return new DotView(forwardOnly, excluded, within, depth, expanded, kinds);
  }

  /**
   * Opens these boxes one level: their nested scopes become boxes and their own nodes are
   * drawn, so the edges inside them (a residual block's skip connection) show. Given any
   * scope, turns on {@link #collapsed()} if collapsing is off. A scope no drawn node is in is
   * refused.
   */
  public DotView expanding(String... scopes) {
    Preconditions.checkNotNull(scopes, "the scopes to expand are null");
    if (scopes.length == 0) {
      return this;
    }
    ImmutableSet.Builder<String> all = ImmutableSet.<String>builder().addAll(expanded);
    for (String scope : scopes) {
      all.add(checkScope(scope, "expanding"));
    }
    return new DotView(forwardOnly, excluded, within, Math.max(depth, 1), all.build(), kinds);
  }

  /**
   * The kind to show on a scope's box ({@code inception1 -> Inception}), as a model's layer
   * list knows it; boxes of other scopes list the op types inside them instead.
   */
  public DotView layerKinds(Map<String, String> kindsByScope) {
    Preconditions.checkNotNull(kindsByScope, "the layer kinds are null");
    return new DotView(forwardOnly, excluded, within, depth, expanded,
        ImmutableMap.copyOf(kindsByScope));
  }

  /** True when this view draws what {@link Dot#of(io.nabla.core.graph.Graph)} draws. */
  boolean isFull() {
    return !forwardOnly && excluded.isEmpty() && within.isEmpty() && depth == 0;
  }

  boolean isForwardOnly() {
    return forwardOnly;
  }

  ImmutableList<String> excluded() {
    return excluded;
  }

  /** The scope drawn alone, or empty for all of them. */
  String within() {
    return within;
  }

  /** The scope level drawn as boxes, or 0 when nothing is collapsed. */
  int depth() {
    return depth;
  }

  ImmutableSet<String> expanded() {
    return expanded;
  }

  ImmutableMap<String, String> kinds() {
    return kinds;
  }

  @Override
  public String toString() {
    return "DotView[forwardOnly=" + forwardOnly + ", excluding=" + excluded + ", within='"
        + within + "', depth=" + depth + ", expanding=" + expanded + "]";
  }

  /** True when {@code scope} is {@code outer} or lies below it. */
  static boolean isIn(String scope, String outer) {
    return scope.equals(outer) || scope.startsWith(outer + "/");
  }

  private static String checkScope(String scope, String method) {
    Preconditions.checkNotNull(scope, "%s: a scope is null", method);
    Preconditions.checkArgument(!scope.isEmpty() && !scope.startsWith("/")
            && !scope.endsWith("/") && !scope.contains("//"),
        "%s('%s'): not a scope path; write it as the node names do, e.g. 'conv1' or 'conv1/bn'",
        method, scope);
    return scope;
  }
}
