package io.nabla.core.exec;

import static io.nabla.core.primitive.Primitives.identity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Updates of variables in place against runs and readers on other threads. */
class SessionUpdateTest {
  private static final int SIZE = 1000;

  private final Graph g = new Graph();
  private final Node w = g.variable("w", Tensor.zeros(SIZE));
  private final Node copy = identity(w);
  private final Session session = new Session(g);

  /** Writes {@code k} into the first half of w, pauses, then into the second half. */
  private void slowUpdate(int k) {
    session.update(() -> {
      float[] d = session.state(w).data();
      Arrays.fill(d, 0, SIZE / 2, k);
      pause();
      Arrays.fill(d, SIZE / 2, SIZE, k);
    });
  }

  private static void pause() {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The single value of {@code t}, or a failure showing the two values it mixes. */
  private static float uniform(Tensor t, String what) {
    float first = t.get(0);
    float last = t.get(t.size() - 1);
    assertEquals(first, last, what + " mixes two updates");
    for (int i = 0; i < t.size(); i++) {
      assertEquals(first, t.get(i), what + " element " + i);
    }
    return first;
  }

  @Test
  void runsAndReadersNeverSeeAHalfAppliedUpdate() throws Exception {
    Plan plan = session.compile(List.of(copy), List.of());
    int updates = 200;
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> readers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        boolean viaRun = t % 2 == 0;
        readers.add(pool.submit(() -> {
          int seen = 0;
          float last = -1;
          while (!done.get()) {
            Tensor v = viaRun ? plan.run(Map.of()).get(copy) : session.value(w);
            float k = uniform(v, viaRun ? "a run" : "a value");
            assertTrue(k >= last, "went back from " + last + " to " + k);
            last = k;
            seen++;
          }
          return seen;
        }));
      }
      for (int k = 1; k <= updates; k++) {
        slowUpdate(k);
      }
      done.set(true);
      for (Future<Integer> r : readers) {
        assertTrue(r.get(60, TimeUnit.SECONDS) > 0);
      }
      assertEquals(updates, uniform(session.value(w), "the final value"));
    } finally {
      done.set(true);
      pool.shutdownNow();
    }
  }

  @Test
  void aReadSectionSeesOneStepAcrossSeveralVariables() throws Exception {
    Node v = g.variable("v", Tensor.zeros(SIZE));
    Thread writer = new Thread(() -> {
      for (int k = 1; k <= 100; k++) {
        int step = k;
        session.update(() -> {
          Arrays.fill(session.state(w).data(), step);
          pause();
          Arrays.fill(session.state(v).data(), step);
        });
      }
    });
    writer.start();
    try {
      while (writer.isAlive()) {
        Tensor[] both = session.read(() -> new Tensor[] {session.value(w), session.value(v)});
        assertEquals(uniform(both[0], "w"), uniform(both[1], "v"), "w and v come from two steps");
      }
    } finally {
      writer.join(60_000);
    }
  }

  @Test
  void anUpdateInsideAReadSectionIsRefusedRatherThanWaitingForItself() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> session.read(() -> {
          session.assign(w, Tensor.zeros(SIZE));
          return null;
        }));
    assertEquals("cannot update the variables of this session from a thread that is reading"
        + " them (inside Session.read or a running plan): the update would wait for itself;"
        + " update after the read section or the run has returned", e.getMessage());
  }

  @Test
  void anUpdateMayReadAndUpdateAgain() {
    session.update(() -> {
      Tensor before = session.value(w);
      session.assign(w, Tensor.filled(before.shape(), 3f));
    });
    assertEquals(3f, uniform(session.value(w), "w"));
    assertEquals(3f, uniform(session.compile(List.of(copy), List.of()).run(Map.of()).get(copy),
        "a run"));
  }

  /**
   * An update waiting for runs in progress is served before runs that begin while it waits:
   * threads that predict without pause cannot hold a trainer off for ever.
   */
  @Test
  void aWaitingUpdateGoesBeforeReadersThatArriveAfterIt() throws Exception {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread first = new Thread(() -> session.read(() -> {
      reading.countDown();
      await(release);
      return order.add("first reader");
    }));
    first.start();
    reading.await();
    Thread writer = new Thread(() -> session.update(() -> order.add("update")));
    writer.start();
    awaitQueued(writer);
    Thread later = new Thread(() -> session.run(Map.of(), copy));
    Thread laterReader = new Thread(() -> session.read(() -> order.add("later reader")));
    later.start();
    laterReader.start();
    awaitQueued(later);
    awaitQueued(laterReader);
    release.countDown();
    for (Thread t : List.of(first, writer, later, laterReader)) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertEquals(List.of("first reader", "update", "later reader"), order);
  }

  private void awaitQueued(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!session.waitsForVariables(t)) {
      assertTrue(System.nanoTime() < deadline, t.getName() + " never waited for the lock");
      Thread.sleep(1);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
