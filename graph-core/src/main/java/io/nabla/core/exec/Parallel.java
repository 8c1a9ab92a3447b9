package io.nabla.core.exec;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Intra-op parallelism: splits a range of independent work items over a fixed pool sized to the
 * cores (or to the system property {@code nabla.threads}). Small ranges run on the caller's
 * thread, and so do ranges submitted from inside the pool, so nested use cannot deadlock.
 */
public final class Parallel {
  private static volatile int threads = Integer.getInteger("nabla.threads",
      Runtime.getRuntime().availableProcessors());
  private static volatile ForkJoinPool pool = newPool(threads);

  private Parallel() {}

  /** Work on the items {@code [from, to)}. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int from, int to);
  }

  /** Number of threads kernels may use. */
  public static int threads() {
    return threads;
  }

  /** Sets the number of threads kernels may use (1 = everything on the caller's thread). */
  public static synchronized void setThreads(int n) {
    Preconditions.checkArgument(n >= 1, "thread count must be at least 1, not %s", n);
    if (n != threads) {
      ForkJoinPool old = pool;
      pool = newPool(n);
      threads = n;
      old.shutdown();
    }
  }

  private static ForkJoinPool newPool(int n) {
    return new ForkJoinPool(Math.max(1, n), p -> {
      var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
      t.setName("nabla-worker-" + t.getPoolIndex());
      t.setDaemon(true);
      return t;
    }, null, false);
  }

  /**
   * Runs {@code body} over {@code [0, n)} in chunks of at least {@code grain} items, in parallel
   * when there is enough work.
   */
  public static void range(int n, int grain, RangeBody body) {
    int t = threads;
    int chunks = Math.min(t, n / Math.max(1, grain));
    if (chunks <= 1 || ForkJoinTask.inForkJoinPool()) {
      if (n > 0) {
        body.run(0, n);
      }
      return;
    }
    ForkJoinPool p = pool;
    List<ForkJoinTask<?>> tasks = new ArrayList<>(chunks - 1);
    for (int c = 1; c < chunks; c++) {
      int from = (int) ((long) n * c / chunks);
      int to = (int) ((long) n * (c + 1) / chunks);
      try {
        tasks.add(p.submit(() -> body.run(from, to)));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // setThreads replaced the pool meanwhile: do this chunk here rather than fail
        body.run(from, to);
      }
    }
    body.run(0, (int) ((long) n / chunks));
    for (ForkJoinTask<?> task : tasks) {
      task.join();
    }
  }
}
