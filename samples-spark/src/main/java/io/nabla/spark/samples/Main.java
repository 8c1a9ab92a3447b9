package io.nabla.spark.samples;

import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.FashionMnist;
import io.nabla.nn.data.Generated;
import io.nabla.nn.data.Splits;
import io.nabla.nn.model.Presets;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.optim.LearningRateSchedule;
import io.nabla.nn.train.EpochRecord;
import io.nabla.nn.train.TrainingListener;
import io.nabla.spark.SparkTrainer;
import io.nabla.spark.TrainingSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code lenet}: LeNet-5 on Fashion-MNIST, trained data-parallel on Spark — Adam 0.002 with
 * cosine decay, {@code --batch} examples per partition per step, synchronous or, with {@code
 * --average-every K}, local SGD averaged every K steps — with a checkpoint after every
 * epoch in {@code --out} and a last line {@code RESULT {…}}. Run by {@code bin/nabla-spark} in
 * local mode or by {@code spark-submit} on a cluster. {@code scaling MODEL MASTER BATCH STEPS
 * [K]} prints the measurements behind BENCHMARKS.md ({@link Scaling}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("scaling")) {
      // scaling MODEL MASTER BATCH STEPS [K]
      Scaling.run(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
          args.length > 5 ? Integer.parseInt(args[5]) : 8);
      return;
    }
    Options o = Options.parse(args);
    Files.createDirectories(o.out);
    Optional<Path> dir = o.data != null ? Optional.of(o.data) : FashionMnist.defaultDirectory();
    Dataset train;
    Dataset test;
    String name;
    if (dir.isPresent()) {
      Splits s = FashionMnist.load(dir.get());
      train = s.train();
      test = s.test();
      name = "fashion-mnist";
    } else {
      System.out.println("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist,"
          + " or pass --data DIR); training on the built-in generated images instead.");
      train = Generated.images(12_000, 1);
      test = Generated.images(2_000, 2);
      name = "generated-images";
    }
    if (o.limit > 0) {
      train = train.take(o.limit);
      test = test.take(Math.max(1, o.limit / 6));
    }
    SparkConf conf = new SparkConf().setAppName("nabla-spark lenet")
        .set("spark.ui.showConsoleProgress", "false");
    if (o.master != null) {
      conf.setMaster(o.master);
    }
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      int partitions = o.partitions > 0 ? o.partitions : sc.defaultParallelism();
      System.out.printf("data: %s, %d training and %d test images; master %s, %d partitions of"
          + " %d images per step (global batch %d), %s%n", name, train.size(), test.size(),
          sc.master(), partitions, o.batch, partitions * o.batch, o.averageEvery == 1
          ? "synchronous" : "local SGD averaged every " + o.averageEvery + " steps");
      long seed = o.seed;
      TrainingSpec spec = TrainingSpec.of(() -> Presets.lenet5(10).build(seed),
          () -> new Adam(0.002));
      SparkTrainer trainer = SparkTrainer.builder(sc, spec).batchSize(o.batch).seed(seed)
          .schedule(LearningRateSchedule.cosine(o.epochs, 0)).averageEvery(o.averageEvery)
          .checkpoint(o.out.resolve("training.safetensors")).listener(new Progress()).build();
      long start = System.nanoTime();
      List<EpochRecord> history = trainer.fit(
          SparkTrainer.distribute(sc, train.shuffled(seed), partitions), test, o.epochs);
      double seconds = (System.nanoTime() - start) / 1e9;
      EpochRecord last = history.get(history.size() - 1);
      List<Double> rates = new ArrayList<>();
      history.forEach(r -> rates.add(r.examplesPerSecond()));
      rates.sort(null);
      System.out.println("wrote " + o.out.toAbsolutePath().resolve("training.safetensors"));
      System.out.println(String.format(Locale.ROOT, "RESULT {\"sample\":\"spark-lenet\","
          + "\"dataset\":\"%s\",\"master\":\"%s\",\"epochs\":%d,\"partitions\":%d,"
          + "\"batch_per_partition\":%d,\"average_every\":%d,\"test_accuracy\":%.4f,"
          + "\"train_accuracy\":%.4f,\"train_images_per_s\":%.1f,\"seconds\":%.1f}", name,
          sc.master(), history.size(), partitions, o.batch, o.averageEvery, last.testAccuracy(),
          last.trainAccuracy(), rates.get(rates.size() / 2), seconds));
    }
  }

  /** A line every 100 steps and one per epoch, on standard output. */
  private static final class Progress implements TrainingListener {
    private int steps;
    private long start;

    @Override
    public void epochStarted(int epoch, int batches) {
      steps = batches;
      start = System.nanoTime();
    }

    @Override
    public void batchFinished(int epoch, int batch, double loss) {
      if (batch % 100 == 0 || batch == steps) {
        System.out.printf(Locale.ROOT, "epoch %d step %d/%d loss %.4f (%.1f s)%n", epoch, batch,
            steps, loss, (System.nanoTime() - start) / 1e9);
      }
    }

    @Override
    public void epochFinished(EpochRecord r) {
      System.out.println(r);
    }
  }

  /** {@code lenet [--master M] [--epochs E] [--out DIR] [--batch B] [--partitions N] …}. */
  private static final class Options {
    String master;
    int epochs = 2;
    Path out = Path.of("out", "spark-lenet");
    int batch = 32;
    int partitions;
    int averageEvery = 1;
    int limit;
    long seed = 1;
    Path data;

    static Options parse(String[] args) {
      if (args.length == 0 || !args[0].equals("lenet")) {
        throw usage(args.length == 0 ? "no sample named" : "unknown sample '" + args[0] + "'");
      }
      Options o = new Options();
      for (int i = 1; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw usage(flag + " needs a value");
        }
        String v = args[++i];
        switch (flag) {
          case "--master" -> o.master = v;
          case "--epochs" -> o.epochs = Integer.parseInt(v);
          case "--out" -> o.out = Path.of(v);
          case "--batch" -> o.batch = Integer.parseInt(v);
          case "--partitions" -> o.partitions = Integer.parseInt(v);
          case "--average-every" -> o.averageEvery = Integer.parseInt(v);
          case "--limit" -> o.limit = Integer.parseInt(v);
          case "--seed" -> o.seed = Long.parseLong(v);
          case "--data" -> o.data = Path.of(v);
          default -> throw usage("unknown option " + flag);
        }
      }
      return o;
    }

    private static IllegalArgumentException usage(String problem) {
      return new IllegalArgumentException(problem + ". Usage: lenet [--master URL] [--epochs"
          + " 2] [--out DIR] [--batch 32 (per partition)] [--partitions N (default: the"
          + " cluster's parallelism)] [--average-every K (1: synchronous; K > 1: local SGD)]"
          + " [--limit N] [--seed 1] [--data IDX-DIR]");
    }
  }
}
