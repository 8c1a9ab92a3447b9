package io.nabla.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelTest {
  private final int savedThreads = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(savedThreads);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 8})
  void rangeCoversEveryIndexExactlyOnce(int threads) {
    Parallel.setThreads(threads);
    assertEquals(threads, Parallel.threads());
    int[] sizes = {0, 1, 2, 3, 7, 8, 9, 100, 1000, 10007};
    int[] grains = {0, 1, 2, 3, 16, 64, 1000, 100000};
    for (int n : sizes) {
      for (int grain : grains) {
        AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
        List<int[]> chunks = Collections.synchronizedList(new ArrayList<>());
        Parallel.range(n, grain, (from, to) -> {
          chunks.add(new int[] {from, to});
          for (int i = from; i < to; i++) {
            hits.incrementAndGet(i);
          }
        });
        String where = "n=" + n + " grain=" + grain + " threads=" + threads;
        for (int i = 0; i < n; i++) {
          assertEquals(1, hits.get(i), where + " index " + i);
        }
        for (int[] c : chunks) {
          assertTrue(c[0] < c[1], where + ": empty chunk " + c[0] + ".." + c[1]);
          // each chunk holds at least `grain` items unless the whole range is smaller
          assertTrue(c[1] - c[0] >= Math.min(n, Math.max(grain, 1)),
              where + ": chunk " + c[0] + ".." + c[1] + " is smaller than the grain");
        }
        assertTrue(chunks.size() <= threads, where + ": " + chunks.size() + " chunks");
      }
    }
  }

  @Test
  void oneThreadRunsTheWholeRangeOnTheCaller() {
    Parallel.setThreads(1);
    Thread caller = Thread.currentThread();
    List<int[]> chunks = new ArrayList<>();
    Parallel.range(1000, 1, (from, to) -> {
      assertEquals(caller, Thread.currentThread());
      chunks.add(new int[] {from, to});
    });
    assertEquals(1, chunks.size());
    assertEquals(0, chunks.get(0)[0]);
    assertEquals(1000, chunks.get(0)[1]);
  }

  @Test
  void anEmptyRangeRunsNothing() {
    Parallel.setThreads(4);
    Parallel.range(0, 1, (from, to) -> {
      throw new AssertionError("called for " + from + ".." + to);
    });
  }

  @Test
  void nestedRangesCompleteAndCoverEverything() {
    Parallel.setThreads(4);
    int n = 64;
    AtomicIntegerArray hits = new AtomicIntegerArray(n * n);
    Parallel.range(n, 1, (from, to) -> {
      for (int i = from; i < to; i++) {
        int row = i;
        Parallel.range(n, 1, (f2, t2) -> {
          for (int j = f2; j < t2; j++) {
            hits.incrementAndGet(row * n + j);
          }
        });
      }
    });
    for (int i = 0; i < n * n; i++) {
      assertEquals(1, hits.get(i), "index " + i);
    }
  }

  @Test
  void eightCallersSharingTwoWorkersEachGetTheirWholeRange() throws Exception {
    // more callers than workers, each nesting ranges as convolution nests GEMM: no caller may
    // wait forever for a worker, and no caller's chunks may land in another caller's range
    Parallel.setThreads(2);
    int callers = 8;
    int n = 48;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<AtomicIntegerArray>> futures = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        futures.add(pool.submit(() -> {
          start.await();
          AtomicIntegerArray hits = new AtomicIntegerArray(n * n);
          for (int repeat = 0; repeat < 50; repeat++) {
            Parallel.range(n, 1, (from, to) -> {
              for (int i = from; i < to; i++) {
                int row = i;
                Parallel.range(n, 1, (f2, t2) -> {
                  for (int j = f2; j < t2; j++) {
                    hits.incrementAndGet(row * n + j);
                  }
                });
              }
            });
          }
          return hits;
        }));
      }
      start.countDown();
      for (int c = 0; c < callers; c++) {
        AtomicIntegerArray hits = futures.get(c).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < n * n; i++) {
          assertEquals(50, hits.get(i), "caller " + c + " index " + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSleepingWorkerIsWokenForTheNextRange() throws Exception {
    Parallel.setThreads(2);
    for (int round = 0; round < 5; round++) {
      Thread.sleep(20);  // far past the spin: the worker is asleep
      CountDownLatch both = new CountDownLatch(2);
      List<String> names = Collections.synchronizedList(new ArrayList<>());
      Parallel.range(2, 1, (from, to) -> {
        names.add(Thread.currentThread().getName());
        both.countDown();
        try {
          // each piece waits for the other: only a woken worker lets the caller's piece end
          assertTrue(both.await(10, TimeUnit.SECONDS), "the worker never took its piece");
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      });
      assertEquals(2, names.size());
      assertTrue(names.stream().anyMatch(n -> n.startsWith("nabla-worker-")), names.toString());
    }
  }

  @Test
  void anExceptionInAChunkReachesTheCaller() {
    Parallel.setThreads(4);
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> Parallel.range(1000, 1, (from, to) -> {
          if (to == 1000) {
            throw new IllegalStateException("bad chunk");
          }
        }));
    Throwable t = e;
    while (t != null && !"bad chunk".equals(t.getMessage())) {
      t = t.getCause();
    }
    assertTrue(t instanceof IllegalStateException, "cause chain of " + e);
  }

  @Test
  void aThreadCountBelowOneIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
    assertEquals("thread count must be at least 1, not 0", e.getMessage());
  }
}
