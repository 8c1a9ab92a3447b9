package io.nabla.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nabla.core.exec.Parallel;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import io.nabla.nn.optim.Sgd;
import io.nabla.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One model serving predictions from eight threads at once, each with batches of its own sizes,
 * gives exactly the values of the same predictions made one after another: the threads share
 * the compiled plan, its shape cache and the kernels' worker pool, and keep their own buffers
 * and scratch arrays.
 */
class ConcurrentPredictionTest {
  private static final int CALLERS = 8;
  private final int savedThreads = Parallel.threads();

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(savedThreads);
  }

  @ParameterizedTest(name = "{0} kernel threads")
  @ValueSource(ints = {1, 2, 3})
  void lenetGivesTheSerialAnswers(int kernelThreads) throws Exception {
    Parallel.setThreads(kernelThreads);
    Model lenet = Presets.lenet5(10).build(7);
    assertConcurrentEqualsSerial(lenet, 24, 33);
  }

  @ParameterizedTest(name = "{0} kernel threads")
  @ValueSource(ints = {1, 2})
  void aNetWithBatchNormAndDropoutGivesTheSerialAnswers(int kernelThreads) throws Exception {
    Parallel.setThreads(kernelThreads);
    Model vgg = Presets.vggSmall(1, 12, 5).build(11);
    assertConcurrentEqualsSerial(vgg, 8, 17);
  }

  /**
   * The same beside a trainer on another model: the callers and the trainer then contend for
   * the kernels' workers, and which ranges get them changes from run to run.
   */
  @ParameterizedTest(name = "{0} kernel threads")
  @ValueSource(ints = {2, 3})
  void predictionsBesideATrainerGiveTheSerialAnswers(int kernelThreads) throws Exception {
    Parallel.setThreads(kernelThreads);
    Model lenet = Presets.lenet5(10).build(7);
    Model other = Presets.lenet5(10).build(8);
    Trainer trainer = Trainer.builder(other, new Sgd(0.01)).build();
    SplittableRandom r = new SplittableRandom(5);
    Batch batch = new Batch(Tensor.fromFunction(Shape.of(16, 1, 28, 28), k -> r.nextDouble()),
        Tensor.fromFunction(Shape.of(16), k -> k % 10));
    AtomicBoolean stop = new AtomicBoolean();
    Thread training = new Thread(() -> {
      while (!stop.get()) {
        trainer.step(batch);
      }
    });
    training.start();
    try {
      assertConcurrentEqualsSerial(lenet, 12, 33);
    } finally {
      stop.set(true);
      training.join();
    }
  }

  /** Random batches of sizes 1 to {@code maxBatch}, different for every caller. */
  private static List<List<Tensor>> batches(Model model, int perCaller, int maxBatch) {
    List<List<Tensor>> all = new ArrayList<>();
    for (int t = 0; t < CALLERS; t++) {
      SplittableRandom r = new SplittableRandom(100 + t);
      List<Tensor> mine = new ArrayList<>();
      for (int i = 0; i < perCaller; i++) {
        int n = 1 + r.nextInt(maxBatch);
        int[] dims = new int[model.featureShape().rank() + 1];
        dims[0] = n;
        System.arraycopy(model.featureShape().dims(), 0, dims, 1, dims.length - 1);
        mine.add(Tensor.fromFunction(Shape.of(dims), k -> r.nextDouble(-1, 1)));
      }
      all.add(mine);
    }
    return all;
  }

  private static void assertConcurrentEqualsSerial(Model model, int perCaller, int maxBatch)
      throws Exception {
    List<List<Tensor>> feeds = batches(model, perCaller, maxBatch);
    List<List<float[]>> serial = new ArrayList<>();
    for (List<Tensor> mine : feeds) {
      List<float[]> out = new ArrayList<>();
      for (Tensor x : mine) {
        out.add(model.predict(x).toArray());
      }
      serial.add(out);
    }
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<float[]>>> futures = new ArrayList<>();
      for (List<Tensor> mine : feeds) {
        futures.add(callers.submit(() -> {
          start.await();
          List<float[]> out = new ArrayList<>();
          for (Tensor x : mine) {
            out.add(model.predict(x).toArray());
          }
          return out;
        }));
      }
      start.countDown();
      for (int t = 0; t < CALLERS; t++) {
        List<float[]> got = futures.get(t).get(120, TimeUnit.SECONDS);
        assertEquals(perCaller, got.size());
        for (int i = 0; i < perCaller; i++) {
          // bit for bit: the same kernels split the same way, whatever else runs
          assertArrayEquals(serial.get(t).get(i), got.get(i),
              "caller " + t + " prediction " + i + " of a batch of "
                  + feeds.get(t).get(i).shape().dim(0));
        }
      }
    } finally {
      callers.shutdownNow();
    }
  }
}
