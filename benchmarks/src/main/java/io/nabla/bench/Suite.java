package io.nabla.bench;

import io.nabla.core.exec.Parallel;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.FashionMnist;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.optim.Optimizer;
import io.nabla.nn.optim.Sgd;
import io.nabla.nn.train.EpochRecord;
import io.nabla.nn.train.Trainer;
import io.nabla.ops.kernel.Simd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.StringJoiner;

/**
 * Nabla's half of the model suite that {@code benchmarks/run-suite} runs beside its PyTorch twin
 * ({@code benchmarks/torch/suite.py}, same modes, same protocol, same output). Each mode prints
 * one {@code RESULT {json}} line last:
 *
 * <pre>
 * Suite model NAME [--quick]   training images/s (batch 64, SGD 0.01 momentum 0.9), inference
 *                              images/s (batch 256), batch-1 latency (µs), heap bytes per step
 * Suite convs [--quick]        every distinct convolution of the suite alone: µs and GFLOPS of
 *                              forward and of forward + backward at batch 64 (one CONV line each)
 * Suite epochs sgd|adam N      LeNet-5 on Fashion-MNIST for N epochs through Trainer.fit: the
 *                              first epoch's rate and the steady rate (median of the others)
 * Suite params                 every model's parameter count
 * </pre>
 *
 * <p>NAME is one of lenet, mlp, vgg, resnet, densenet, inception. The 1×28×28 models are timed on
 * Fashion-MNIST images when {@code /usr/share/datasets/fashion-mnist} holds them, the 3×32×32
 * ones on Gaussian noise with random labels.
 */
public final class Suite {
  private static final int TRAIN_BATCH = 64;
  private static final int INFER_BATCH = 256;
  /** Distinct training batches cycled through, prepared before any clock starts. */
  private static final int TRAIN_BATCHES = 16;

  private Suite() {}

  public static void main(String[] args) {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    boolean quick = rest.remove("--quick");
    String mode = rest.isEmpty() ? "" : rest.remove(0);
    Protocol protocol = Protocol.of(quick);
    switch (mode) {
      case "model" -> model(SuiteModel.of(only(rest, "model NAME")), protocol);
      case "convs" -> convs(protocol);
      case "epochs" -> {
        if (rest.size() != 2) {
          throw usage("epochs sgd|adam N");
        }
        epochs(rest.get(0), Integer.parseInt(rest.get(1)));
      }
      case "params" -> params();
      default -> throw usage("model NAME | convs | epochs sgd|adam N | params  [--quick]");
    }
  }

  private static String only(List<String> rest, String form) {
    if (rest.size() != 1) {
      throw usage(form);
    }
    return rest.get(0);
  }

  private static IllegalArgumentException usage(String form) {
    return new IllegalArgumentException("usage: io.nabla.bench.Suite " + form);
  }

  static void model(SuiteModel m, Protocol p) {
    Model model = m.build();
    List<Batch> batches = trainingBatches(m);
    Trainer trainer = Trainer.builder(model, new Sgd(0.01, 0.9)).build();
    int[] next = {0};
    long[] steps = {0};
    Runnable step = () -> {
      trainer.step(batches.get(next[0]++ % batches.size()));
      steps[0]++;
    };
    double trainWarmup = Protocol.warmUpUntilSteady(p.trainWarmup(), p.trainBlock(), step);
    long steps0 = steps[0];
    long bytes0 = Probes.allocatedBytes();
    double[] train = Protocol.secondsPerCall(p.blocks(), p.trainBlock(), step);
    long bytesPerStep = (Probes.allocatedBytes() - bytes0) / (steps[0] - steps0);

    Tensor big = inputs(m, INFER_BATCH, 2);
    Runnable infer = () -> model.predict(big);
    double inferWarmup = Protocol.warmUpUntilSteady(p.inferWarmup(), p.inferBlock(), infer);
    double[] inference = Protocol.secondsPerCall(p.blocks(), p.inferBlock(), infer);

    Tensor one = inputs(m, 1, 3);
    Runnable single = () -> model.predict(one);
    Protocol.warmUp(p.latencyWarmup(), single);
    double[] latency = Protocol.singleCalls(p.latencyTime(), single);

    Map<String, Object> r = header(m.id());
    r.put("params", model.parameterCount());
    r.put("train_images_per_s", TRAIN_BATCH / Probes.median(train));
    r.put("train_blocks", rates(train, TRAIN_BATCH));
    r.put("train_warmup_s", trainWarmup);
    r.put("infer_images_per_s", INFER_BATCH / Probes.median(inference));
    r.put("infer_blocks", rates(inference, INFER_BATCH));
    r.put("infer_warmup_s", inferWarmup);
    r.put("latency_us", Probes.median(latency) * 1e6);
    r.put("latency_calls", latency.length);
    r.put("bytes_per_step", bytesPerStep);
    r.put("peak_rss_mb", Probes.peakRssMb());
    System.out.println("RESULT " + json(r));
  }

  static void convs(Protocol p) {
    Map<String, List<String>> users = new LinkedHashMap<>();
    Map<String, ConvLayer> layers = new LinkedHashMap<>();
    for (SuiteModel m : SuiteModel.values()) {
      for (ConvLayer c : ConvLayer.of(m.build())) {
        layers.putIfAbsent(c.key(), c);
        users.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(m.id() + ":" + c.name());
      }
    }
    Map<String, ConvProbe> probes = new LinkedHashMap<>();
    layers.forEach((key, c) -> probes.put(key, new ConvProbe(c)));
    // a first pass over every layer, so that the first one measured does not pay for compiling
    // the kernels the others share
    probes.values().forEach(probe -> Protocol.warmUp(p.convWarmup(), probe::forwardBackward));
    double best = 0;
    for (ConvLayer c : layers.values()) {
      ConvProbe probe = probes.get(c.key());
      // each pass on until steady: one layer's kernels may still be compiling after the
      // first pass (its figure was then a tenth of the next sitting's)
      Protocol.warmUpUntilSteady(p.convWarmup(), p.convBlock(), probe::forward);
      double forward = Probes.median(Protocol.secondsPerCall(p.convBlocks(), p.convBlock(),
          probe::forward));
      Protocol.warmUpUntilSteady(p.convWarmup(), p.convBlock(), probe::forwardBackward);
      double both = Probes.median(Protocol.secondsPerCall(p.convBlocks(), p.convBlock(),
          probe::forwardBackward));
      double flops = (double) c.forwardFlopsPerImage() * ConvProbe.BATCH;
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("key", c.key());
      r.put("layers", String.join(" ", users.get(c.key())));
      r.put("forward_flops_per_image", c.forwardFlopsPerImage());
      r.put("forward_us", forward * 1e6);
      r.put("train_us", both * 1e6);
      r.put("forward_gflops", flops / forward / 1e9);
      r.put("train_gflops", 3 * flops / both / 1e9);
      best = Math.max(best, 3 * flops / both / 1e9);
      System.out.println("CONV " + json(r));
    }
    Map<String, Object> r = header("convs");
    r.put("layers", layers.size());
    r.put("best_train_gflops", best);
    System.out.println("RESULT " + json(r));
  }

  static void epochs(String optimizerName, int epochs) {
    Optional<Dataset> data = FashionMnist.defaultDirectory()
        .map(d -> FashionMnist.load(d).train());
    if (data.isEmpty()) {
      throw new IllegalStateException("the epochs mode trains on Fashion-MNIST, which is not"
          + " installed: apt-get install dataset-fashion-mnist");
    }
    Optimizer optimizer = switch (optimizerName) {
      case "sgd" -> new Sgd(0.05, 0.9);
      case "adam" -> new Adam(0.002);
      default -> throw usage("epochs sgd|adam N");
    };
    Model model = SuiteModel.LENET.build();
    Trainer trainer = Trainer.builder(model, optimizer).build();
    List<EpochRecord> history = trainer.fit(data.get(), null, epochs, TRAIN_BATCH);
    double[] rates = history.stream().mapToDouble(EpochRecord::examplesPerSecond).toArray();
    Map<String, Object> r = header("lenet");
    r.put("optimizer", optimizerName);
    r.put("epoch_images_per_s", rates);
    r.put("first_epoch_images_per_s", rates[0]);
    r.put("steady_epoch_images_per_s", Probes.median(Arrays.copyOfRange(rates, 1, rates.length)));
    r.put("final_train_loss", history.get(history.size() - 1).trainLoss());
    System.out.println("RESULT " + json(r));
  }

  static void params() {
    Map<String, Object> r = header("params");
    for (SuiteModel m : SuiteModel.values()) {
      r.put(m.id(), m.build().parameterCount());
    }
    System.out.println("RESULT " + json(r));
  }

  /**
   * {@value #TRAIN_BATCHES} batches of {@value #TRAIN_BATCH}: the first Fashion-MNIST training
   * images for the gray models when installed, Gaussian noise and random labels otherwise.
   */
  private static List<Batch> trainingBatches(SuiteModel m) {
    int n = TRAIN_BATCHES * TRAIN_BATCH;
    if (m.grayscale()) {
      Optional<Dataset> fashion = FashionMnist.defaultDirectory()
          .map(d -> FashionMnist.load(d).train().take(n));
      if (fashion.isPresent()) {
        return fashion.get().batches(TRAIN_BATCH, null);
      }
    }
    Random r = new Random(1);
    List<Batch> batches = new ArrayList<>();
    for (int b = 0; b < TRAIN_BATCHES; b++) {
      Tensor x = inputs(m, TRAIN_BATCH, b + 100);
      Tensor y = Tensor.fromFunction(Shape.of(TRAIN_BATCH), i -> r.nextInt(10));
      batches.add(new Batch(x, y));
    }
    return batches;
  }

  /** Gaussian noise of {@code n} inputs of {@code m}; for speed the values do not matter. */
  private static Tensor inputs(SuiteModel m, int n, long seed) {
    Random r = new Random(seed);
    return Tensor.fromFunction(Shape.of(n, m.channels(), m.size(), m.size()),
        i -> r.nextGaussian());
  }

  private static double[] rates(double[] secondsPerCall, int images) {
    return Arrays.stream(secondsPerCall).map(s -> images / s).toArray();
  }

  private static Map<String, Object> header(String model) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("framework", "nabla");
    r.put("model", model);
    r.put("threads", Parallel.threads());
    r.put("simd", Simd.enabled());
    return r;
  }

  /** A flat JSON object of strings, booleans, numbers and number arrays. */
  static String json(Map<String, Object> fields) {
    StringJoiner out = new StringJoiner(",", "{", "}");
    fields.forEach((k, v) -> out.add("\"" + k + "\":" + value(v)));
    return out.toString();
  }

  private static String value(Object v) {
    if (v instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    if (v instanceof double[] a) {
      StringJoiner out = new StringJoiner(",", "[", "]");
      Arrays.stream(a).forEach(x -> out.add(value(x)));
      return out.toString();
    }
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.2f", d);
    }
    return String.valueOf(v);
  }
}
