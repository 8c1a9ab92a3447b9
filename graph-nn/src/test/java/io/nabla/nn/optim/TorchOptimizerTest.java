package io.nabla.nn.optim;

import static io.nabla.nn.optim.OptimizerReferenceTest.SIZE;
import static io.nabla.nn.optim.OptimizerReferenceTest.STEPS;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nabla.core.tensor.Tensor;
import io.nabla.nn.io.Safetensors;
import io.nabla.nn.io.SafetensorsFile;
import io.nabla.nn.testing.Python;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nabla's optimizers against {@code torch.optim} itself on {@link OptimizerReferenceTest}'s
 * weights and {@value OptimizerReferenceTest#STEPS}-step gradient sequence: {@code
 * torch_optimizers.py} runs Adam, AdamW and SGD (plain, momentum, weight decay, Nesterov) in
 * float32 and float64, and after every step Nabla's weights must be within {@value #TOLERANCE}
 * ({@code max|a − b| / max|b|}) of PyTorch's in float32 and of PyTorch's in float64.
 *
 * <p>Skipped, saying so, when no {@code python3} with torch is installed.
 */
class TorchOptimizerTest {
  private static final double TOLERANCE = 1e-6;

  @TempDir Path dir;

  /** A torch run's name, its command-line spec for the script, and Nabla's same optimizer. */
  private record Run(String name, String spec, Supplier<Optimizer> nabla) {}

  private static final List<Run> RUNS = List.of(
      new Run("adam", "adam,0.05,0.9,0.999,1e-8,0", () -> new Adam(0.05)),
      new Run("adam_decay", "adam,0.05,0.8,0.99,1e-6,0.1",
          () -> new Adam(0.05, 0.8, 0.99, 1e-6, 0.1, false)),
      new Run("adamw", "adamw,0.05,0.9,0.999,1e-8,0.1", () -> Adam.adamW(0.05, 0.1)),
      new Run("sgd", "sgd,0.01,0,0,0", () -> new Sgd(0.01)),
      new Run("sgd_momentum", "sgd,0.01,0.9,0,0", () -> new Sgd(0.01, 0.9)),
      new Run("sgd_momentum_decay", "sgd,0.01,0.9,0,0.01",
          () -> new Sgd(0.01, 0.9, false, 0.01)),
      new Run("sgd_nesterov_decay", "sgd,0.01,0.9,1,0.01",
          () -> new Sgd(0.01, 0.9, true, 0.01)));

  @Test
  void optimizersAgreeWithTorchOptim() throws Exception {
    Python torch = Python.find("import torch, numpy").orElse(null);
    assumeTrue(torch != null,
        "python3 with torch is not installed: apt-get install python3-torch");
    float[][] g = OptimizerReferenceTest.gradients();
    float[] flat = new float[STEPS * SIZE];
    for (int t = 0; t < STEPS; t++) {
      System.arraycopy(g[t], 0, flat, t * SIZE, SIZE);
    }
    Path in = dir.resolve("gradients.safetensors");
    Safetensors.write(in, Map.of("p", Tensor.of(OptimizerReferenceTest.initialWeights(), SIZE),
        "g", Tensor.of(flat, STEPS, SIZE)));
    Path out = dir.resolve("torch.safetensors");
    List<Object> args = new ArrayList<>(List.of(in, out));
    RUNS.forEach(r -> args.add(r.name() + "=" + r.spec()));
    torch.run(dir, getClass(), "torch_optimizers.py", args.toArray());
    SafetensorsFile results = Safetensors.read(out);

    Map<String, String> over = new LinkedHashMap<>();
    for (Run r : RUNS) {
      float[][] nabla = OptimizerReferenceTest.run(r.nabla().get(), true);
      for (String precision : List.of("float32", "float64")) {
        Tensor reference = results.tensor(r.name() + "/" + precision);
        double worst = 0;
        for (int t = 0; t < STEPS; t++) {
          double error = 0;
          double scale = Double.MIN_NORMAL;
          for (int i = 0; i < SIZE; i++) {
            double b = reference.get(t * SIZE + i);
            double e = Math.abs(nabla[t][i] - b);
            error = Double.isNaN(e) ? Double.NaN : Math.max(error, e);
            scale = Math.max(scale, Math.abs(b));
          }
          worst = Double.isNaN(error) ? Double.NaN : Math.max(worst, error / scale);
        }
        System.out.printf("%s vs torch %s: largest relative difference %.3g%n", r.name(),
            precision, worst);
        if (!(worst <= TOLERANCE)) {
          over.put(r.name() + " vs " + precision, String.valueOf(worst));
        }
      }
    }
    assertTrue(over.isEmpty(), () -> "beyond " + TOLERANCE + " of torch.optim: " + over);
  }
}
