package io.nabla.core.pass;

import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A pass made of rules: rebuilds the plan node by node in execution order, offering each node
 * to the rules in turn. Rules are made afresh for every plan, so a rule may keep state (common
 * subexpressions remember what they saw).
 */
final class RulePass implements Pass {
  private final String name;
  private final Supplier<List<Rule>> rules;

  RulePass(String name, Supplier<List<Rule>> rules) {
    this.name = name;
    this.rules = rules;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public PlanGraph apply(PlanGraph plan) {
    Rewriter rewriter = new Rewriter(plan);
    List<Rule> active = rules.get();
    boolean changed = false;
    for (Node node : plan.nodes()) {
      rewriter.begin(node);
      Node result = null;
      for (Rule rule : active) {
        result = rule.rewrite(node, rewriter);
        if (result != null) {
          break;
        }
      }
      if (result != null && plan.isOutput(node) && node.kind() == NodeKind.OPERATION
          && result.kind() != NodeKind.OPERATION) {
        // a fetched computation stays a computation: a caller borrowing fetched buffers may
        // write into them, which must never reach a variable or a constant
        result = null;
      }
      if (result == null) {
        result = rewriter.copyOf(node);
      } else {
        changed = true;
      }
      rewriter.map(node, result);
    }
    if (!changed) {
      return plan;
    }
    List<Node> outputs = new ArrayList<>();
    for (Node out : plan.outputs()) {
      outputs.add(rewriter.mapped(out));
    }
    return PlanGraph.rewritten(outputs, rewriter.origins());
  }

  @Override
  public String toString() {
    return name;
  }
}
