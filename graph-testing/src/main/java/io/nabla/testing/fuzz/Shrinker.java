package io.nabla.testing.fuzz;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.testing.fuzz.FuzzNode.Leaf;
import io.nabla.testing.fuzz.FuzzNode.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Makes a failing {@link FuzzGraph} as small as it can while it still fails the same way, greedily
 * and in rounds, keeping the first smaller candidate that fails:
 * <ol>
 *   <li>an earlier step becomes the output (its consumers are dropped), earliest first;</li>
 *   <li>a step is replaced by a leaf holding the value it computed (so its consumers see the
 *       same input and stay inside their domains), the step nearest the output first;</li>
 *   <li>a dimension size found in the leaves is made smaller in all of them at once (their
 *       values cut to the leading block), down to 1 first.</li>
 * </ol>
 * Every candidate is strictly smaller (fewer steps, or fewer leaf elements), so it ends; a budget
 * of checks bounds its time.
 */
public final class Shrinker {
  private final long seed;
  private final int budget;
  private int checks;

  /** A shrinker checking with {@code seed}, at most {@code budget} checks a graph. */
  public Shrinker(long seed, int budget) {
    this.seed = seed;
    this.budget = budget;
  }

  /** The smallest graph found that fails as {@code failure} did. */
  public FuzzGraph shrink(FuzzGraph failing, Verdict failure) {
    checks = 0;
    FuzzGraph best = failing;
    boolean progress = true;
    while (progress && checks < budget) {
      progress = false;
      for (Supplier<FuzzGraph> candidate : candidates(best)) {
        if (checks >= budget) {
          break;
        }
        FuzzGraph g;
        try {
          g = candidate.get();
        } catch (RuntimeException e) {
          continue;    // the candidate cannot even be formed, e.g. a step no longer builds
        }
        checks++;
        if (FuzzCheck.check(g, seed).sameFailureAs(failure)) {
          best = g;
          progress = true;
          break;
        }
      }
    }
    return best;
  }

  /** Checks spent by the last {@link #shrink}. */
  public int checksUsed() {
    return checks;
  }

  private List<Supplier<FuzzGraph>> candidates(FuzzGraph g) {
    List<Supplier<FuzzGraph>> out = new ArrayList<>();
    List<FuzzNode> entries = g.entries();
    for (int k = 0; k < g.output(); k++) {
      if (entries.get(k) instanceof Step) {
        int output = k;
        out.add(() -> g.withOutput(output));
      }
    }
    List<Tensor> values = new ArrayList<>();
    for (int k = g.output() - 1; k >= 0; k--) {
      if (entries.get(k) instanceof Step) {
        int step = k;
        out.add(() -> g.withLeafAt(step, valuesOf(g, values).get(step)));
      }
    }
    TreeSet<Integer> sizes = new TreeSet<>();
    for (FuzzNode e : entries) {
      if (e instanceof Leaf leaf) {
        for (int d : leaf.value().shape().dims()) {
          if (d > 1) {
            sizes.add(d);
          }
        }
      }
    }
    for (int size : sizes.descendingSet()) {
      for (int smaller : new TreeSet<>(List.of(1, (size + 1) / 2, size - 1))) {
        if (smaller < size) {
          out.add(() -> g.withLeafValues(v -> leadingBlock(v, size, smaller)));
        }
      }
    }
    return out;
  }

  /** The entries' values of {@code g}, computed once into {@code cache}. */
  private List<Tensor> valuesOf(FuzzGraph g, List<Tensor> cache) {
    if (cache.isEmpty()) {
      cache.addAll(g.build().evaluate(seed));
    }
    return cache;
  }

  /** {@code v} with every axis of size {@code from} cut to its first {@code to} elements. */
  static Tensor leadingBlock(Tensor v, int from, int to) {
    int[] dims = v.shape().dims();
    for (int d = 0; d < dims.length; d++) {
      if (dims[d] == from) {
        dims[d] = to;
      }
    }
    Shape cut = Shape.of(dims);
    int[] inStrides = v.shape().strides();
    int[] outStrides = cut.strides();
    return Tensor.fromFunction(cut, i -> {
      int flat = 0;
      for (int d = 0; d < dims.length; d++) {
        flat += (i / outStrides[d] % dims[d]) * inStrides[d];
      }
      return v.get(flat);
    });
  }
}
