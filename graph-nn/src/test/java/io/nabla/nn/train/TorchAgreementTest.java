package io.nabla.nn.train;

import static io.nabla.ops.Ops.softmaxCrossEntropy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.Plan;
import io.nabla.core.exec.Results;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.FashionMnist;
import io.nabla.nn.data.Generated;
import io.nabla.nn.io.Checkpoint;
import io.nabla.nn.io.Safetensors;
import io.nabla.nn.io.SafetensorsFile;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.model.Presets;
import io.nabla.nn.optim.Adam;
import io.nabla.nn.optim.Optimizer;
import io.nabla.nn.optim.Sgd;
import io.nabla.nn.testing.Python;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nabla against PyTorch on the same networks, initial weights and batches: LeNet-5 and the MLP
 * 784-256-128-10 (ReLU) must give the same loss, logits and gradient of every parameter on a
 * batch, and the same loss at each of {@value #STEPS} training steps ({@link Trainer#step} with
 * {@link Sgd}, against {@code torch.optim.SGD}: momentum {@value #MOMENTUM}, learning rate
 * {@value #LEARNING_RATE}, batches of {@value #BATCH}); the MLP also with {@link Adam}
 * against {@code torch.optim.Adam} (learning rate {@value #ADAM_LEARNING_RATE}, the default β
 * and ε). Fashion-MNIST's first training images are used when installed, else generated images.
 *
 * <p>Nabla saves its freshly initialised model with {@link Checkpoint} and the batches with
 * {@link Safetensors}; {@code torch_agreement.py} builds the same network in PyTorch, loads
 * them, and writes its results back in Nabla's names and layouts. The layout mapping lives in
 * the script: a dense weight is {@code [in, out]} in Nabla and {@code [out, in]} in {@code
 * nn.Linear} (transposed both ways); convolution filters {@code [out, in, kh, kw]}, biases, NCHW
 * images and the flatten order are the same in both; the loss is the batch mean of softmax
 * cross-entropy in both.
 *
 * <p>The relative difference of a tensor {@code a} (Nabla) from {@code b} (PyTorch) is {@code
 * max|a − b| / max(max|b|, Float.MIN_NORMAL)}, over all elements: the largest error against the
 * tensor's own scale, so that the many near-zero elements of a ReLU network's gradients do not
 * turn float32 rounding into large ratios (a scalar loss gives {@code |a − b| / |b|}). Both sides
 * compute in float32 but sum in different orders, which alone gives about 1e-6. The loss, logits
 * and gradients must agree within {@value #TOLERANCE}, and so must each step's loss and the
 * weights after the last step.
 *
 * <p>Training also runs in PyTorch in float64, because a ReLU network's loss has kinks (a ReLU
 * switching, a max-pooling winner changing): a 1e-7 difference in the weights can put the two
 * float32 runs on different sides of one and part them by 1e-3 in a few steps. Measured on the
 * generated images, it is PyTorch's own float32 run that leaves the float64 one at step 15 while
 * Nabla's stays within 1e-6 of it. So the loss curve and the final weights must agree within
 * {@value #TOLERANCE} with PyTorch in float32 or in float64; the largest difference of each kind
 * against each, and PyTorch float32's own distance from float64, are printed.
 *
 * <p>Skipped, saying so, when no {@code python3} with torch is installed.
 */
class TorchAgreementTest {
  static final int STEPS = 20;
  static final int BATCH = 64;
  static final double LEARNING_RATE = 0.05;
  static final double MOMENTUM = 0.9;
  static final double ADAM_LEARNING_RATE = 0.001;
  static final double TOLERANCE = 1e-4;
  private static final long SEED = 7;

  private static Python torch;
  private static Dataset data;
  private static String dataName;

  @TempDir Path dir;

  @BeforeAll
  static void findTorchAndData() {
    torch = Python.find("import torch, numpy").orElse(null);
    if (torch == null) {
      return;
    }
    Optional<Path> fashion = FashionMnist.defaultDirectory();
    int n = STEPS * BATCH;
    data = fashion.map(d -> FashionMnist.load(d).train().take(n))
        .orElseGet(() -> Generated.images(n, SEED));
    dataName = fashion.isPresent() ? "Fashion-MNIST" : "generated images";
  }

  /** Per test rather than in {@link #findTorchAndData}, so that each test reports the skip. */
  @BeforeEach
  void needTorch() {
    assumeTrue(torch != null,
        "python3 with torch is not installed: apt-get install python3-torch");
  }

  @Test
  void lenet5AgreesWithPytorch() throws Exception {
    agree("lenet5", Presets.lenet5(10).build(SEED));
  }

  @Test
  void mlpAgreesWithPytorch() throws Exception {
    agree("mlp", Mlp.inputs(1, 28, 28).hidden(256, 128).activation("relu").classes(10)
        .build(SEED));
  }

  /** The ReLU MLP trained with {@link Adam} against {@code torch.optim.Adam}, same defaults. */
  @Test
  void mlpWithAdamAgreesWithPytorch() throws Exception {
    agree("mlp", Mlp.inputs(1, 28, 28).hidden(256, 128).activation("relu").classes(10)
        .build(SEED), "adam", new Adam(ADAM_LEARNING_RATE), ADAM_LEARNING_RATE);
  }

  private void agree(String architecture, Model model) throws Exception {
    agree(architecture, model, "sgd", new Sgd(LEARNING_RATE, MOMENTUM), LEARNING_RATE);
  }

  private void agree(String architecture, Model model, String kind, Optimizer optimizer,
      double rate) throws Exception {
    Path initial = dir.resolve("initial.safetensors");
    Checkpoint.save(initial, model, null, Map.of("architecture", architecture));
    Path batchFile = dir.resolve("batches.safetensors");
    Safetensors.write(batchFile, Map.of("x", data.features(), "y", data.labels()));
    List<Batch> batches = data.batches(BATCH, null);
    assertEquals(STEPS, batches.size());

    Map<String, Tensor> firstBatch = lossLogitsAndGradients(model, batches.get(0));
    Trainer trainer = Trainer.builder(model, optimizer).build();
    float[] losses = new float[STEPS];
    for (int s = 0; s < STEPS; s++) {
      losses[s] = (float) trainer.step(batches.get(s));
    }

    Path out = dir.resolve("pytorch.safetensors");
    torch.run(dir, getClass(), "torch_agreement.py", architecture, initial, batchFile, out,
        BATCH, rate, MOMENTUM, kind);
    SafetensorsFile pytorch = Safetensors.read(out);

    String subject = architecture + " with " + kind + " (" + dataName + ")";
    Agreement agreement = new Agreement(subject + ": Nabla vs PyTorch");
    agreement.compare("loss", "loss", firstBatch.get("loss"), pytorch.tensor("loss"));
    agreement.compare("logits", "logits", firstBatch.get("logits"), pytorch.tensor("logits"));
    for (Parameter p : model.parameters()) {
      agreement.compare("gradients", p.name(), firstBatch.get("grad/" + p.name()),
          pytorch.tensor("grad/" + p.name()));
    }
    Agreement rounding = new Agreement(subject + ": PyTorch float32 vs float64");
    Tensor float32Losses = pytorch.tensor("losses");
    Tensor float64Losses = pytorch.tensor("float64/losses");
    for (int s = 0; s < STEPS; s++) {
      String step = "step " + (s + 1);
      Tensor loss = Tensor.scalar(losses[s]);
      agreement.compare("loss curve", step, loss, Tensor.scalar(float32Losses.get(s)));
      agreement.compare("loss curve vs float64", step, loss,
          Tensor.scalar(float64Losses.get(s)));
      rounding.compare("loss curve", step, Tensor.scalar(float32Losses.get(s)),
          Tensor.scalar(float64Losses.get(s)));
    }
    for (Parameter p : model.parameters()) {
      Tensor trained = model.session().value(p.variable());
      Tensor float32 = pytorch.tensor("final/" + p.name());
      Tensor float64 = pytorch.tensor("float64/final/" + p.name());
      agreement.compare("final weights", p.name(), trained, float32);
      agreement.compare("final weights vs float64", p.name(), trained, float64);
      rounding.compare("final weights", p.name(), float32, float64);
    }
    System.out.print(agreement.report() + rounding.report());
    agreement.assertWithin(TOLERANCE, "loss", "logits", "gradients");
    agreement.assertOneWithin(TOLERANCE, "loss curve", "loss curve vs float64");
    agreement.assertOneWithin(TOLERANCE, "final weights", "final weights vs float64");
  }

  /**
   * The loss ({@code loss}), output ({@code logits}) and each parameter's gradient ({@code
   * grad/NAME}) on {@code batch}, with the model's current weights, changing nothing.
   */
  private static Map<String, Tensor> lossLogitsAndGradients(Model model, Batch batch) {
    Node labels = model.graph().placeholder("agreement/labels", -1);
    Node loss = softmaxCrossEntropy(model.output(), labels);
    List<Node> params = model.parameters().stream().map(Parameter::variable).toList();
    List<Node> gradients = Autodiff.gradients(loss, params);
    List<Node> fetches = new ArrayList<>(List.of(loss, model.output()));
    fetches.addAll(gradients);
    Plan plan = model.session().compile(fetches, List.of(model.input(), labels));
    Results r = plan.run(Map.of(model.input(), batch.x(), labels, batch.y()),
        RunOptions.forTraining());
    Map<String, Tensor> out = new HashMap<>();
    out.put("loss", r.get(loss));
    out.put("logits", r.get(model.output()));
    for (int i = 0; i < params.size(); i++) {
      out.put("grad/" + params.get(i).name(), r.get(gradients.get(i)));
    }
    return out;
  }
}
