package io.nabla.testing.fuzz;

import static io.nabla.ops.NnOps.concat;
import static io.nabla.ops.Ops.reshape;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.testing.fuzz.FuzzNode.Leaf;
import java.util.List;
import java.util.Random;

/**
 * Grows random graphs from a set of {@link Recipe}s: one or two leaves of random shapes (a quarter
 * of them with the batch axis unknown while building, as a batch of inputs has), then a
 * few steps (sometimes a long chain of up to {@code maxSteps}) whose operands are drawn from
 * everything built so far, so nodes fan out and are reused. Steps nothing consumes are flattened
 * and concatenated into the output, so every one of them is checked.
 */
public final class GraphGenerator {
  private final List<Recipe> recipes;
  private final int maxSteps;

  /** A generator drawing steps uniformly from {@code recipes}, at most {@code maxSteps} a graph. */
  public GraphGenerator(List<Recipe> recipes, int maxSteps) {
    Preconditions.checkArgument(!recipes.isEmpty(), "graph generator: no recipes to draw from");
    Preconditions.checkArgument(maxSteps >= 10, "graph generator: maxSteps must be at least 10,"
        + " not %s", maxSteps);
    this.recipes = List.copyOf(recipes);
    this.maxSteps = maxSteps;
  }

  /** A random graph drawn from {@code random}, evaluated with run seed {@code runSeed}. */
  public FuzzGraph generate(Random random, long runSeed) {
    while (true) {
      boolean chain = random.nextInt(3) == 0;
      ValuePool pool = new ValuePool(random, random.nextInt(3) == 0, runSeed, chain ? 0.8 : 0.5);
      int leaves = 1 + random.nextInt(2);
      for (int i = 0; i < leaves; i++) {
        Shape shape = pool.randomShape(0, 3);
        pool.leaf(new Leaf(Domain.ANY.draw(shape, random), true, random.nextInt(4) == 0));
      }
      int steps = chain ? 10 + random.nextInt(maxSteps - 9)
          : 1 + random.nextInt(6);
      int added = 0;
      for (int tries = 0; added < steps && tries < 5 * steps; tries++) {
        if (recipes.get(random.nextInt(recipes.size())).grow(pool)) {
          added++;
        }
      }
      List<Integer> sinks = pool.sinks();
      if (!sinks.isEmpty()) {
        return pool.toGraph(sinks.size() == 1 ? sinks.get(0) : joined(pool, sinks));
      }
    }
  }

  /** The sinks flattened and concatenated, or the last one when that would be too large. */
  private static int joined(ValuePool pool, List<Integer> sinks) {
    int[] inputs = sinks.stream().mapToInt(Integer::intValue).toArray();
    return pool.apply("join sinks", in -> concat(0, in.stream().map(n -> reshape(n, -1))
        .toArray(Node[]::new)), inputs).orElse(inputs[inputs.length - 1]);
  }
}
