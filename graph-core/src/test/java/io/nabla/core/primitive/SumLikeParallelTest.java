package io.nabla.core.primitive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nabla.core.exec.Parallel;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Large sums over the batch run in parallel slices; they must equal the plain sum, and be the
 * same, bit for bit, whatever the number of threads.
 */
class SumLikeParallelTest {

  @Test
  void parallelBatchSumsMatchThePlainSum() {
    int threads = Parallel.threads();
    Parallel.setThreads(Math.max(3, threads));
    try {
      Random r = new Random(2);
      check(Tensor.fromFunction(Shape.of(64, 6, 28, 28), i -> r.nextGaussian()),
          Shape.of(1, 6, 1, 1));
      check(Tensor.fromFunction(Shape.of(2049, 40), i -> r.nextGaussian()), Shape.of(40));
      check(Tensor.fromFunction(Shape.of(70, 3, 400), i -> r.nextGaussian()), Shape.of(3, 1));
    } finally {
      Parallel.setThreads(threads);
    }
  }

  @Test
  void trailingAxesSummedAwayMatchThePlainSum() {
    Random r = new Random(4);
    Tensor x = Tensor.fromFunction(Shape.of(3, 4, 5, 7), i -> r.nextGaussian());
    for (Shape target : new Shape[] {Shape.of(1, 4, 1, 1), Shape.of(4, 1, 1),
        Shape.of(3, 1, 1, 1), Shape.of(3, 4, 1, 1), Shape.of(1, 1, 1, 1), Shape.of(3, 4, 5, 1),
        Shape.of(1, 4, 5, 1), Shape.of(5, 1)}) {
      check(x, target);
    }
    check(Tensor.fromFunction(Shape.of(9, 2, 3, 3), i -> r.nextGaussian()), Shape.of(2, 1, 1));
  }

  @Test
  void theThreadCountDoesNotChangeABatchSumByOneBit() {
    Random r = new Random(3);
    Tensor x = Tensor.fromFunction(Shape.of(64, 6, 28, 28), i -> r.nextGaussian());
    Tensor rows = Tensor.fromFunction(Shape.of(1000, 130), i -> r.nextGaussian());
    int threads = Parallel.threads();
    float[][] bias = new float[3][];
    float[][] columns = new float[3][];
    try {
      for (int t = 1; t <= 3; t++) {
        Parallel.setThreads(t);
        Tensor out = Tensor.zeros(1, 6, 1, 1);
        SumLike.sumTo(x, out);
        bias[t - 1] = out.toArray();
        Tensor cols = Tensor.zeros(130);
        SumLike.sumTo(rows, cols);
        columns[t - 1] = cols.toArray();
      }
    } finally {
      Parallel.setThreads(threads);
    }
    for (int t = 2; t <= 3; t++) {
      assertArrayEquals(bias[0], bias[t - 1], 0f, t + " threads, sum over batch and pixels");
      assertArrayEquals(columns[0], columns[t - 1], 0f, t + " threads, sum over rows");
    }
  }

  private static void check(Tensor x, Shape target) {
    Tensor out = Tensor.zeros(target);
    SumLike.sumTo(x, out);
    int[] xd = x.shape().dims();
    int[] td = target.dims();
    double[] expected = new double[out.size()];
    int[] idx = new int[xd.length];
    for (int i = 0; i < x.size(); i++) {
      int rem = i;
      for (int d = xd.length - 1; d >= 0; d--) {
        idx[d] = rem % xd[d];
        rem /= xd[d];
      }
      int o = 0;
      int offset = xd.length - td.length;
      for (int d = 0; d < td.length; d++) {
        o = o * td[d] + (td[d] == 1 ? 0 : idx[offset + d]);
      }
      expected[o] += x.get(i);
    }
    for (int i = 0; i < out.size(); i++) {
      assertEquals(expected[i], out.get(i), 1e-2 + 1e-4 * Math.abs(expected[i]),
          "element " + i + " of " + target);
    }
  }
}
