package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.exec.Parallel;
import io.nabla.nn.data.Batch;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Presets;
import io.nabla.nn.data.Generated;
import io.nabla.nn.optim.Sgd;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A steady training step reuses its buffers: LeNet-5 at batch 64 allocates less than 64 KiB of
 * heap per step (measured on one thread, where all the work happens on the caller). Counts
 * bytes, not time.
 */
class StepAllocationTest {

  @Test
  void aSteadyLenetStepAllocatesLessThan64KiB() {
    int threads = Parallel.threads();
    Parallel.setThreads(1);
    try {
      Model model = Presets.lenet5(10).build(0);
      Trainer trainer = Trainer.builder(model, new Sgd(0.05, 0.9)).build();
      Batch batch = Generated.images(64, 1).batches(64, null).get(0);
      var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long id = Thread.currentThread().getId();
      // warm up until pools, scratch and the JIT's vector code have settled: a step run by the
      // interpreter boxes every vector, so early steps allocate megabytes
      int quiet = 0;
      for (int i = 0; i < 2000 && quiet < 5; i++) {
        long start = bean.getThreadAllocatedBytes(id);
        trainer.step(batch);
        quiet = bean.getThreadAllocatedBytes(id) - start < 64 * 1024 ? quiet + 1 : 0;
      }
      long before = bean.getThreadAllocatedBytes(id);
      int steps = 20;
      for (int i = 0; i < steps; i++) {
        trainer.step(batch);
      }
      long perStep = (bean.getThreadAllocatedBytes(id) - before) / steps;
      assertTrue(perStep < 64 * 1024, "a steady step allocated " + perStep + " bytes");
    } finally {
      Parallel.setThreads(threads);
    }
  }
}
