package io.nabla.bench;

import io.nabla.core.exec.Parallel;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Presets;
import io.nabla.nn.optim.Sgd;
import io.nabla.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Training while other threads predict on the same model, as a server that keeps learning
 * would: trainer steps/s alone, then beside {@code N} threads that call {@link Model#predict}
 * in a loop, and those threads' predictions/s. A fair share for the trainer is about its
 * rate alone times one over {@code N + 1}.
 *
 * <pre>java --add-modules jdk.incubator.vector -XX:+UseSerialGC \
 *     -cp benchmarks/target/nabla-benchmarks.jar io.nabla.bench.ServingWhileTraining \
 *     [predictors=8] [seconds=5] [predictBatch=1]</pre>
 *
 * Prints one {@code RESULT {json}} line. The model is {@code Presets.vggSmall(3, 32, 10)},
 * trained with SGD at batch 64 on random images.
 */
public final class ServingWhileTraining {
  private ServingWhileTraining() {}

  public static void main(String[] args) throws Exception {
    int predictors = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
    int predictBatch = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Model model = Presets.vggSmall(3, 32, 10).build(0);
    Trainer trainer = Trainer.builder(model, new Sgd(0.01, 0.9)).build();
    Random random = new Random(1);
    List<Batch> batches = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      batches.add(new Batch(images(64, random), labels(64, random)));
    }
    Tensor query = images(predictBatch, random);

    // warm-up: both paths compiled before anything is measured
    train(trainer, batches, 3.0, new AtomicBoolean());
    for (int i = 0; i < 20; i++) {
      model.predict(query);
    }
    double alone = train(trainer, batches, seconds, new AtomicBoolean()) / seconds;

    AtomicBoolean stop = new AtomicBoolean();
    LongAdder predictions = new LongAdder();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < predictors; t++) {
      Thread th = new Thread(() -> {
        while (!stop.get()) {
          model.predict(query);
          predictions.increment();
        }
      }, "predictor-" + t);
      th.setDaemon(true);
      threads.add(th);
      th.start();
    }
    Thread.sleep(500);  // the predictors reach their steady state
    predictions.reset();
    long t0 = System.nanoTime();
    long steps = train(trainer, batches, seconds, stop);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    long predicted = predictions.sum();
    stop.set(true);
    for (Thread th : threads) {
      th.join();
    }
    double beside = steps / elapsed;
    System.out.printf(Locale.ROOT, "RESULT {\"framework\":\"nabla\",\"model\":\"vggSmall\","
            + "\"threads\":%d,\"predictors\":%d,\"predict_batch\":%d,"
            + "\"trainer_steps_per_s_alone\":%.2f,\"trainer_steps_per_s_beside\":%.2f,"
            + "\"fair_share_steps_per_s\":%.2f,\"predictions_per_s\":%.1f}%n",
        Parallel.threads(), predictors, predictBatch, alone, beside,
        alone / (predictors + 1), predicted / elapsed);
  }

  /** Steps for {@code seconds} (or until {@code stop}), counting only whole steps. */
  private static long train(Trainer trainer, List<Batch> batches, double seconds,
      AtomicBoolean stop) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long steps = 0;
    while (System.nanoTime() < end && !stop.get()) {
      trainer.step(batches.get((int) (steps % batches.size())));
      steps++;
    }
    return steps;
  }

  private static Tensor images(int n, Random random) {
    float[] v = new float[n * 3 * 32 * 32];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextFloat();
    }
    return Tensor.wrap(Shape.of(n, 3, 32, 32), v);
  }

  private static Tensor labels(int n, Random random) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextInt(10);
    }
    return Tensor.wrap(Shape.of(n), v);
  }
}
