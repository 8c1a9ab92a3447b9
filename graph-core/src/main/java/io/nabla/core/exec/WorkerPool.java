package io.nabla.core.exec;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads behind {@link Parallel}: a fixed set of workers that, between ranges, spin for a
 * short while before they sleep, as OpenMP's do. A training step runs dozens of ranges of a few
 * hundred microseconds each; a worker that has to be woken from sleep for each starts tens of
 * microseconds late, which ate much of the second core's gain (measured: LeNet's first
 * convolution ran no faster on two threads than on one). One range runs at a time; a caller
 * that finds the pool busy (another thread's range) runs its range alone.
 *
 * <p>Many callers at once (threads predicting beside a trainer) already keep the cores busy, and
 * spinning then takes from them: a worker spinning between ranges holds a core the callers
 * need, and a caller spinning for a piece a descheduled worker took waits out that worker's
 * whole time slice while keeping its own. So once a caller has found the pool busy, for a
 * while ({@link #CONTENTION_NANOS}) workers sleep as soon as they are idle, and callers waiting
 * for pieces soon yield their core instead of spinning.
 */
final class WorkerPool {
  /** How long an idle worker keeps polling before it sleeps. */
  private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(
      Long.getLong("nabla.spinMicros", 200));
  /** How long after a caller found the pool busy the pool counts as contended. */
  static final long CONTENTION_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  /** How long a caller spins for pieces other threads took before it yields its core. */
  private static final long AWAIT_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

  private final Worker[] workers;
  private final AtomicBoolean busy = new AtomicBoolean();
  private volatile Job job;
  private volatile boolean shutdown;
  /** When a caller last found the pool busy ({@link System#nanoTime}). */
  private volatile long contendedAt = System.nanoTime() - 2 * CONTENTION_NANOS;

  /** A pool of {@code size} workers besides the callers. */
  WorkerPool(int size) {
    workers = new Worker[size];
    for (int i = 0; i < size; i++) {
      workers[i] = new Worker(i);
      workers[i].start();
    }
  }

  /**
   * Runs {@code body} over {@code pieces} equal parts of {@code [0, n)} on the caller and the
   * workers; returns false, having run nothing, when the pool is busy with another range.
   */
  boolean tryRun(int n, int pieces, Parallel.RangeBody body) {
    if (shutdown) {
      return false;
    }
    if (!busy.compareAndSet(false, true)) {
      contendedAt = System.nanoTime();
      return false;
    }
    try {
      Job j = new Job(n, pieces, body);
      job = j;
      for (Worker w : workers) {
        if (w.sleeping) {
          LockSupport.unpark(w);
        }
      }
      j.work();
      j.awaitPieces();
      job = null;  // lets the range's data go
      j.rethrow();
      return true;
    } finally {
      busy.set(false);
    }
  }

  /** True while callers have recently found the pool busy (see the class comment). */
  boolean contended() {
    return System.nanoTime() - contendedAt < CONTENTION_NANOS;
  }

  /** True on a worker's thread, where a nested range runs alone (the workers are taken). */
  static boolean onWorker() {
    return Thread.currentThread() instanceof Worker;
  }

  /** Lets the workers end (they are daemons; a range in flight still completes). */
  void shutdown() {
    shutdown = true;
    for (Worker w : workers) {
      LockSupport.unpark(w);
    }
  }

  /** One range: pieces taken in turn from a counter, so a late worker takes fewer. */
  private static final class Job {
    private final int n;
    private final int pieces;
    private final Parallel.RangeBody body;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile Throwable error;

    Job(int n, int pieces, Parallel.RangeBody body) {
      this.n = n;
      this.pieces = pieces;
      this.body = body;
    }

    void work() {
      for (int c = next.getAndIncrement(); c < pieces; c = next.getAndIncrement()) {
        try {
          body.run((int) ((long) n * c / pieces), (int) ((long) n * (c + 1) / pieces));
        } catch (Throwable t) {
          error = t;
        } finally {
          finished.incrementAndGet();
        }
      }
    }

    /**
     * Waits for the pieces other threads took: they are short, so spinning is cheapest, unless
     * the thread working on one lost its core; then this one gives its core up in turn.
     */
    void awaitPieces() {
      long until = System.nanoTime() + AWAIT_SPIN_NANOS;
      while (finished.get() < pieces) {
        if (System.nanoTime() < until) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
    }

    void rethrow() {
      Throwable t = error;
      if (t instanceof RuntimeException e) {
        throw e;
      }
      if (t instanceof Error e) {
        throw e;
      }
    }
  }

  private final class Worker extends Thread {
    volatile boolean sleeping;

    Worker(int index) {
      super("nabla-worker-" + index);
      setDaemon(true);
    }

    @Override
    public void run() {
      Job done = null;
      while (!shutdown) {
        Job j = job;
        if (j != null && j != done) {
          done = j;
          j.work();
          continue;
        }
        waitForJob(done);
      }
    }

    /**
     * Spins for a while for a job other than {@code done}, then sleeps until woken; sleeps at
     * once while the pool is {@link #contended}.
     */
    private void waitForJob(Job done) {
      long until = System.nanoTime() + SPIN_NANOS;
      while (idle(done)) {
        if (System.nanoTime() < until && !contended()) {
          Thread.onSpinWait();
        } else {
          sleeping = true;
          if (idle(done)) {
            LockSupport.park(this);
          }
          sleeping = false;
        }
      }
    }

    /** No range to join: none published (or it ended) or only the one already worked on. */
    private boolean idle(Job done) {
      Job j = job;
      return (j == null || j == done) && !shutdown;
    }
  }
}
