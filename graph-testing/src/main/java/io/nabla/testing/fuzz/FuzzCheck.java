package io.nabla.testing.fuzz;

import io.nabla.testing.GradientCheck;
import io.nabla.testing.GradientCheckReport;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the gradients of a {@link FuzzGraph} with the finite-difference {@link GradientCheck}
 * (which reduces the output to {@code sum(y · r)} with fixed random r, so every element counts).
 * The forward values are checked first, so an exception during the check is the gradient's fault.
 */
public final class FuzzCheck {
  private FuzzCheck() {}

  /** The verdict on {@code graph}, with {@code seed} for the check's weights and the runs. */
  public static Verdict check(FuzzGraph graph, long seed) {
    BuiltGraph built;
    List<Tensor> values;
    try {
      built = graph.build();
      values = built.evaluate(seed);
    } catch (RuntimeException e) {
      return Verdict.invalid("the forward graph fails: " + e.getMessage());
    }
    if (built.wrt().isEmpty() || !values.stream().allMatch(ValuePool::moderate)) {
      return Verdict.invalid("no differentiable leaf, or values beyond ±"
          + ValuePool.MAX_MAGNITUDE);
    }
    // a changed dropout mask or a shrunk graph may have moved an operand out of its domain
    for (FuzzNode e : graph.entries()) {
      if (e instanceof FuzzNode.Step step && !step.admits(values)) {
        return Verdict.invalid("an input of step '" + step.label() + "' left its domain "
            + step.domains());
      }
    }
    GradientCheck check = GradientCheck.of(built.output()).training(built.training()).seed(seed);
    built.wrt().forEach(check::wrt);
    built.fed().forEach(check::feed);
    GradientCheckReport report;
    try {
      report = check.run();
    } catch (RuntimeException e) {
      return new Verdict(Verdict.Outcome.FAILED, e.getClass().getSimpleName(),
          "differentiating threw " + e, opTypes(built.graph().nodes()));
    }
    Set<String> ops = opTypes(built.graph().nodes());
    if (!report.failures().isEmpty()) {
      return new Verdict(Verdict.Outcome.FAILED, "mismatch", report.toString(), ops);
    }
    return new Verdict(report.ok() ? Verdict.Outcome.PASSED : Verdict.Outcome.INCONCLUSIVE,
        report.ok() ? "passed" : "kinks", report.toString(), ops);
  }

  private static Set<String> opTypes(List<Node> nodes) {
    return nodes.stream().filter(n -> n.kind() == NodeKind.OPERATION)
        .map(n -> n.op().type()).collect(Collectors.toSet());
  }
}
