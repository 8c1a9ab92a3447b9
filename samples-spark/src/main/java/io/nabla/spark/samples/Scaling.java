package io.nabla.spark.samples;

import io.nabla.nn.data.Batch;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Presets;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.train.Trainer;
import io.nabla.spark.SparkTrainer;
import io.nabla.spark.TrainingSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code scaling --model lenet|vgg --master M --batch b --steps S}: the figures behind
 * BENCHMARKS.md's Spark section — the median time of a synchronous step on the cluster (global
 * batch N·b), of a single-machine trainer's step on the same global batch and on one
 * partition's b, of an empty Spark job, and the images/s of local SGD averaged every {@code k}
 * steps (default 8) — as one {@code SCALING {…}} line. A measurement,
 * not a test: run it on an otherwise idle machine.
 */
final class Scaling {
  private Scaling() {}

  static void run(String model, String master, int batch, int steps, int k) {
    TrainingSpec spec = TrainingSpec.of(() -> build(model), () -> new Adam(0.001));
    SparkConf conf = new SparkConf().setAppName("nabla-spark scaling").setMaster(master)
        .set("spark.ui.enabled", "false");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      int n = sc.defaultParallelism();
      Dataset data = Generated.images(n * batch * (steps + 1), 1);
      SparkTrainer t = SparkTrainer.builder(sc, spec).batchSize(batch).build();
      t.fit(SparkTrainer.distribute(sc, data, n), null, 1);
      List<Double> step = t.stepSeconds();
      double spark = median(step.subList(step.size() / 3, step.size()));
      SparkTrainer averaged = SparkTrainer.builder(sc, spec).batchSize(batch).averageEvery(k)
          .build();
      averaged.fit(SparkTrainer.distribute(sc, data, n), null, 1);
      List<Double> rounds = averaged.stepSeconds();
      // whole rounds only (an epoch's last may be shorter), after the first where there are
      // more (it compiles the replicas' plans)
      int whole = Math.max(1, (steps + 1) / k);
      double round = median(rounds.subList(whole > 1 ? 1 : 0, whole));

      List<Double> empty = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        long s = System.nanoTime();
        sc.parallelize(List.of(1, 2, 3, 4), n).count();
        empty.add((System.nanoTime() - s) / 1e9);
      }
      double job = median(empty.subList(10, empty.size()));
      double global = localStep(model, data, n * batch, steps);
      double local = localStep(model, data, batch, steps);
      long params = build(model).parameterCount();
      System.out.println(String.format(Locale.ROOT, "SCALING {\"model\":\"%s\",\"parameters\":%d,"
          + "\"master\":\"%s\",\"partitions\":%d,\"batch_per_partition\":%d,"
          + "\"spark_step_s\":%.5f,\"spark_images_per_s\":%.1f,\"local_global_step_s\":%.5f,"
          + "\"local_images_per_s\":%.1f,\"local_partition_step_s\":%.5f,"
          + "\"empty_job_s\":%.5f,\"overhead_per_step_s\":%.5f,\"local_sgd_k\":%d,"
          + "\"local_sgd_images_per_s\":%.1f}", model, params, master, n, batch, spark,
          n * batch / spark, global, n * batch / global, local, job, spark - local, k,
          (double) n * batch * k / round));
    }
  }

  private static Model build(String model) {
    return switch (model) {
      case "lenet" -> Presets.lenet5(10).build(1);
      case "vgg" -> Presets.vggSmall(1, 28, 10).build(1);
      default -> throw new IllegalArgumentException("unknown model '" + model
          + "'; choose lenet or vgg");
    };
  }

  /** The median time of a single-machine step on batches of {@code batch}. */
  private static double localStep(String model, Dataset data, int batch, int steps) {
    Trainer t = Trainer.builder(build(model), new Adam(0.001)).build();
    List<Batch> batches = data.batches(batch, new Random(1));
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < steps && i < batches.size(); i++) {
      long s = System.nanoTime();
      t.step(batches.get(i));
      times.add((System.nanoTime() - s) / 1e9);
    }
    return median(times.subList(times.size() / 3, times.size()));
  }

  private static double median(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    v.sort(null);
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }
}
