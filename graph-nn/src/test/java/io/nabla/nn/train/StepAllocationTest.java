package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.exec.Parallel;
import io.nabla.nn.data.Batch;
import io.nabla.nn.model.Cnn;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Presets;
import io.nabla.nn.data.Generated;
import io.nabla.nn.optim.Sgd;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A steady training step reuses its buffers: LeNet-5 at batch 64 allocates less than 64 KiB of
 * heap per step, on one thread and with the kernels' worker pool, and so does a small net with
 * batch norm on feature maps and on feature vectors. Counts bytes, not time. It
 * also guards the SIMD kernels: when the JIT fails to keep vectors in registers it boxes them,
 * and a step then allocates megabytes.
 */
class StepAllocationTest {

  @Test
  void aSteadyLenetStepAllocatesLessThan64KiB() {
    int threads = Parallel.threads();
    for (int t : new int[] {1, Math.max(2, threads)}) {
      assertSteadyStepIsSmall(() -> Presets.lenet5(10).build(0), t, threads);
    }
  }

  @Test
  void aSteadyBatchNormStepAllocatesLessThan64KiB() {
    int threads = Parallel.threads();
    for (int t : new int[] {1, Math.max(2, threads)}) {
      assertSteadyStepIsSmall(() -> Cnn.input(1, 28, 28).conv(8, 3, 1).batchNorm().relu()
          .maxPool(2).flatten().dense(32).batchNorm().relu().dense(10).build(0), t, threads);
    }
  }

  /** Sums the heap allocated by every thread of the JVM. */
  private static long allAllocated(com.sun.management.ThreadMXBean bean) {
    long total = 0;
    for (long id : bean.getAllThreadIds()) {
      total += Math.max(0, bean.getThreadAllocatedBytes(id));
    }
    return total;
  }

  private static void assertSteadyStepIsSmall(Supplier<Model> build, int stepThreads,
      int threads) {
    Parallel.setThreads(stepThreads);
    try {
      Model model = build.get();
      Trainer trainer = Trainer.builder(model, new Sgd(0.05, 0.9)).build();
      Batch batch = Generated.images(64, 1).batches(64, null).get(0);
      var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      // warm up until pools, scratch and the JIT's vector code have settled: a step run by the
      // interpreter boxes every vector, so early steps allocate megabytes
      int quiet = 0;
      for (int i = 0; i < 2000 && quiet < 5; i++) {
        long start = allAllocated(bean);
        trainer.step(batch);
        quiet = allAllocated(bean) - start < 64 * 1024 ? quiet + 1 : 0;
      }
      long before = allAllocated(bean);
      int steps = 20;
      for (int i = 0; i < steps; i++) {
        trainer.step(batch);
      }
      long perStep = (allAllocated(bean) - before) / steps;
      assertTrue(perStep < 64 * 1024, model.layers().size() + " layers: a steady step on " + stepThreads + " threads allocated "
          + perStep + " bytes");
    } finally {
      Parallel.setThreads(threads);
    }
  }
}
