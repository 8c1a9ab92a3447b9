package io.nabla.ops.fuzz;

import org.junit.jupiter.api.Test;

class ScratchDebugTest {
  @Test
  void debug() {
    long seed = Long.getLong("dbg.seed", 1);
    int k = Integer.getInteger("dbg.case", 134);
    FuzzReport r = GradientFuzzer.builder().seed(seed).build().run(k, 1);
    for (FuzzFailure f : r.failures()) {
      for (FuzzNode e : f.shrunk().entries()) {
        if (e instanceof FuzzNode.Leaf l) {
          System.out.println(java.util.Arrays.toString(l.value().toArray()));
        }
      }
      long cs = GradientFuzzer.caseSeed(seed, k);
      FuzzGraph orig = new GraphGenerator(Recipes.standard(), 20).generate(new java.util.Random(cs), cs);
      System.out.println(orig);
      System.out.println(f.report());
    }
  }
}
