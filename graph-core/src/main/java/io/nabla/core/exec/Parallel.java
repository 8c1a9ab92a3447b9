package io.nabla.core.exec;

import com.google.common.base.Preconditions;

/**
 * Intra-op parallelism: splits a range of independent work items between the caller and a fixed
 * set of workers ({@link WorkerPool}), as many threads in all as the cores (or the system property
 * {@code nabla.threads}). Small ranges run on the caller's thread, and so do ranges submitted
 * from inside a range or while another thread's range runs, so nested use cannot deadlock, and
 * those of ops the executor finds too small to split.
 */
public final class Parallel {
  private static volatile int threads = Integer.getInteger("nabla.threads",
      Runtime.getRuntime().availableProcessors());
  private static volatile WorkerPool pool = new WorkerPool(threads - 1);
  /** How deep the current thread is in ops too small to split (see {@link RunShapes}). */
  private static final ThreadLocal<int[]> CALLER_ONLY = ThreadLocal.withInitial(() -> new int[1]);

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
      WorkerPool old = pool;
      pool = new WorkerPool(n - 1);
      threads = n;
      old.shutdown();
    }
  }

  /** Until the matching {@link #exitCallerOnly}, ranges of this thread run on it alone. */
  static void enterCallerOnly() {
    CALLER_ONLY.get()[0]++;
  }

  static void exitCallerOnly() {
    CALLER_ONLY.get()[0]--;
  }

  /**
   * Runs {@code body} over {@code [0, n)} in chunks of at least {@code grain} items, in parallel
   * when there is enough work.
   */
  public static void range(int n, int grain, RangeBody body) {
    int t = threads;
    int chunks = Math.min(t, n / Math.max(1, grain));
    if (chunks <= 1 || WorkerPool.onWorker() || CALLER_ONLY.get()[0] > 0
        || !pool.tryRun(n, chunks, body)) {
      if (n > 0) {
        body.run(0, n);
      }
    }
  }
}
