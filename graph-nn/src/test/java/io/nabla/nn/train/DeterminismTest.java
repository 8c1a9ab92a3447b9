package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nabla.core.exec.Parallel;
import io.nabla.core.graph.Node;
import io.nabla.nn.data.Batch;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.model.Cnn;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Same seed, same data: the same weights, bit for bit, after every run — on one thread, on
 * two, and across thread counts (no kernel lets the split of its work change a result).
 */
class DeterminismTest {
  private static final Dataset DATA = Generated.images(128, 3);
  private static final int STEPS = 8;

  @Test
  void sameSeedSameThreadsGivesBitIdenticalWeights() {
    assertSameWeights(train(1), train(1), "1 thread, twice");
    assertSameWeights(train(2), train(2), "2 threads, twice");
  }

  @Test
  void theThreadCountDoesNotChangeTheWeights() {
    List<float[]> one = train(1);
    assertSameWeights(one, train(2), "1 thread against 2");
    assertSameWeights(one, train(3), "1 thread against 3");
  }

  /**
   * Every parameter and running statistic after {@link #STEPS} steps on {@code threads}
   * threads. Batches of 32 make the convolution's batch sums large enough to be split over
   * the threads; batch norm and dropout make a step depend on batch statistics and the seed.
   */
  private static List<float[]> train(int threads) {
    int previous = Parallel.threads();
    Parallel.setThreads(threads);
    try {
      Model model = Cnn.input(1, 28, 28).conv(8, 3, 1).batchNorm().relu().maxPool(2)
          .conv(16, 3, 1).relu().maxPool(2).flatten().dropout(0.3).dense(64).relu().dense(10)
          .build(5);
      Trainer trainer = Trainer.builder(model, new Adam(0.01)).seed(7).build();
      List<Batch> batches = DATA.batches(32, new java.util.Random(1));
      for (int i = 0; i < STEPS; i++) {
        trainer.step(batches.get(i % batches.size()));
      }
      List<float[]> values = new ArrayList<>();
      List<Node> variables = new ArrayList<>();
      model.parameters().stream().map(Parameter::variable).forEach(variables::add);
      variables.addAll(model.states());
      for (Node v : variables) {
        values.add(model.session().value(v).toArray());
      }
      return values;
    } finally {
      Parallel.setThreads(previous);
    }
  }

  private static void assertSameWeights(List<float[]> a, List<float[]> b, String what) {
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), 0f, what + ", variable " + i);
    }
  }
}
