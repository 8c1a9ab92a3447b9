package io.nabla.core.pass;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The passes a plan is optimized with, run in order, the whole sequence again while any pass
 * still changes something (one rewrite often opens the way for another: a folded seed turns
 * {@code x·seed} into {@code x·1}, which simplification removes). Immutable.
 *
 * <pre>{@code
 * new Session(graph, Pipeline.none());          // run the graph exactly as built (debugging)
 * new Session(graph, Pipeline.standard());      // the default: the generic passes below
 * }</pre>
 */
public final class Pipeline {
  /** Rounds after which a pipeline stops even if passes keep changing the plan. */
  private static final int MAX_ROUNDS = 8;
  private static final Pipeline NONE = new Pipeline(List.of());

  private final List<Pass> passes;

  private Pipeline(List<Pass> passes) {
    this.passes = List.copyOf(passes);
  }

  /** No passes: plans run the user's nodes as built, pruned to what the fetches need. */
  public static Pipeline none() {
    return NONE;
  }

  /**
   * The generic passes of the core: simplification of the core primitives (identity, add_n of
   * one input, sum_like and broadcast_like to the same shape, fills of a known shape),
   * constant folding and common-subexpression elimination. Op libraries add their own rules
   * and fusions with {@link #then}.
   */
  public static Pipeline standard() {
    return of(Simplification.pass(), ConstantFolding.pass(), CommonSubexpressions.pass());
  }

  /** The given passes, in order. */
  public static Pipeline of(Pass... passes) {
    return new Pipeline(Arrays.asList(passes));
  }

  /** This pipeline followed by {@code more}. */
  public Pipeline then(Pass... more) {
    List<Pass> all = new ArrayList<>(passes);
    all.addAll(Arrays.asList(more));
    return new Pipeline(all);
  }

  public List<Pass> passes() {
    return passes;
  }

  /** Runs the passes until none changes the plan any more. */
  public PlanGraph optimize(PlanGraph plan) {
    PlanGraph current = plan;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      boolean changed = false;
      for (Pass pass : passes) {
        PlanGraph next;
        try {
          next = pass.apply(current);
        } catch (RuntimeException e) {
          throw new IllegalStateException("plan pass '" + pass.name() + "' failed on the plan"
              + " for " + fetchNames(plan) + ": " + e.getMessage() + "; compile with"
              + " Pipeline.none() to run the graph as built", e);
        }
        changed |= next != current;
        current = next;
      }
      if (!changed) {
        break;
      }
    }
    return current;
  }

  private static String fetchNames(PlanGraph plan) {
    return plan.outputs().stream().map(n -> "'" + plan.origin(n).name() + "'")
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return passes.isEmpty() ? "Pipeline(none)"
        : passes.stream().map(Pass::name).collect(Collectors.joining(" → ", "Pipeline(", ")"));
  }
}
