package io.nabla.core.pass;

import java.util.List;

/**
 * One compile-time rewrite of a plan: returns the plan unchanged (the same object) or a
 * rewritten copy computing the same values. Most passes are sets of {@link Rule}s, see
 * {@link #of(String, Rule...)}.
 */
public interface Pass {

  /** A short name for messages, e.g. {@code constant-folding}. */
  String name();

  /** The rewritten plan, or {@code plan} itself when nothing applies. */
  PlanGraph apply(PlanGraph plan);

  /**
   * A pass that offers each node, in execution order, to {@code rules}; the first that
   * rewrites it wins.
   */
  static Pass of(String name, Rule... rules) {
    return new RulePass(name, () -> List.of(rules));
  }
}
