package io.nabla.testing.fuzz;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Property-based gradient testing: checks the symbolic gradients of many random graphs against
 * finite differences, and shrinks each failing graph to the smallest one that still fails.
 * Case k of seed s is always the same graph, so {@code (s, k)} reproduces a failure.
 *
 * <pre>{@code
 * FuzzReport report = GradientFuzzer.builder().seed(42).build().run(0, 500);
 * report.failures().forEach(f -> System.out.println(f.report()));
 * }</pre>
 */
public final class GradientFuzzer {
  /** Times a case is drawn again when its graph turns out unusable for the check. */
  private static final int REDRAWS = 3;

  private final long seed;
  private final GraphGenerator generator;
  private final int maxFailures;
  private final int shrinkBudget;
  private final Consumer<String> progress;

  private GradientFuzzer(Builder b) {
    this.seed = b.seed;
    this.generator = new GraphGenerator(b.recipes, b.maxSteps);
    this.maxFailures = b.maxFailures;
    this.shrinkBudget = b.shrinkBudget;
    this.progress = b.progress;
  }

  /** A builder with every setting at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Checks cases {@code first} to {@code first + count − 1}; stops after maxFailures failures. */
  public FuzzReport run(int first, int count) {
    Preconditions.checkArgument(first >= 0 && count >= 0,
        "fuzz: case numbers start at 0 and the count is >= 0; got first %s, count %s", first,
        count);
    long start = System.nanoTime();
    int passed = 0;
    int inconclusive = 0;
    int discarded = 0;
    int done = 0;
    List<FuzzFailure> failures = new ArrayList<>();
    TreeSet<String> ops = new TreeSet<>();
    FuzzReport.Sizes sizes = new FuzzReport.Sizes(0, 0, 0);
    for (int k = first; k < first + count && failures.size() < maxFailures; k++) {
      long caseSeed = caseSeed(seed, k);
      Random random = new Random(caseSeed);
      FuzzGraph graph = generate(random, caseSeed, k);
      Verdict verdict = FuzzCheck.check(graph, caseSeed);
      for (int redraw = 0; redraw < REDRAWS && verdict.outcome() == Verdict.Outcome.INVALID;
          redraw++) {
        discarded++;
        graph = generate(random, caseSeed, k);
        verdict = FuzzCheck.check(graph, caseSeed);
      }
      done++;
      sizes = sizes.plus(graph);
      ops.addAll(verdict.opTypes());
      switch (verdict.outcome()) {
        case PASSED -> passed++;
        case INCONCLUSIVE, INVALID -> inconclusive++;
        case FAILED -> {
          progress.accept("case " + k + " failed (" + verdict.kind() + ", " + graph.stepCount()
              + " steps); shrinking");
          FuzzGraph shrunk = new Shrinker(caseSeed, shrinkBudget).shrink(graph, verdict);
          failures.add(new FuzzFailure(seed, k, graph.stepCount(), shrunk,
              FuzzCheck.check(shrunk, caseSeed)));
        }
      }
      if (done % 100 == 0) {
        progress.accept(String.format(Locale.ROOT, "%d/%d cases, %d failed, %.1f s", done,
            count, failures.size(), (System.nanoTime() - start) / 1e9));
      }
    }
    return new FuzzReport(seed, done, passed, inconclusive, discarded, failures, ops, sizes,
        (System.nanoTime() - start) / 1e9);
  }

  /** Draws the graph of case {@code k}; a defect found on the way names the seed and case. */
  private FuzzGraph generate(Random random, long caseSeed, int k) {
    try {
      return generator.generate(random, caseSeed);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("gradient fuzzing, seed " + seed + ", case " + k
          + ": an op failed in the forward pass while the graph was drawn: " + e.getMessage(),
          e);
    }
  }

  /** The seed of case {@code k}: a mix of both, so neighbouring cases are unrelated. */
  static long caseSeed(long seed, int k) {
    long z = seed * 0x9E3779B97F4A7C15L + k;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Settings of a fuzzer; every one has a default. */
  public static final class Builder {
    private long seed = 42;
    private List<Recipe> recipes = Recipes.standard();
    private int maxSteps = 28;
    private int maxFailures = 1;
    private int shrinkBudget = 400;
    private Consumer<String> progress = line -> { };

    private Builder() {}

    /** Seed of the whole run; default 42. */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** The recipes steps are drawn from; default {@link Recipes#standard()}. */
    public Builder recipes(List<Recipe> r) {
      Preconditions.checkArgument(!r.isEmpty(), "fuzz: give at least one recipe");
      this.recipes = List.copyOf(r);
      return this;
    }

    /** Longest chain of steps a graph may have; default 28. */
    public Builder maxSteps(int n) {
      this.maxSteps = n;
      return this;
    }

    /** Stop after this many failures (each is shrunk, which takes a while); default 1. */
    public Builder maxFailures(int n) {
      Preconditions.checkArgument(n >= 1, "fuzz: maxFailures must be at least 1, not %s", n);
      this.maxFailures = n;
      return this;
    }

    /** Most checks the shrinker may spend on one failure; default 400. */
    public Builder shrinkBudget(int n) {
      this.shrinkBudget = n;
      return this;
    }

    /** Receives a progress line every 100 cases and on each failure; default: silent. */
    public Builder progress(Consumer<String> p) {
      this.progress = p;
      return this;
    }

    /** The fuzzer with these settings. */
    public GradientFuzzer build() {
      return new GradientFuzzer(this);
    }
  }
}
