package io.nabla.samples;

import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.FashionMnist;
import io.nabla.nn.io.AtomicFile;
import io.nabla.nn.model.Model;
import io.nabla.onnx.OnnxImporter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Classifies Fashion-MNIST's test images with an ONNX model, imported into Nabla. */
@Command(name = "onnx-predict", mixinStandardHelpOptions = true,
    description = "Imports an ONNX classifier of [N,1,28,28] images and classifies the test"
        + " images of an IDX directory (Fashion-MNIST layout, pixels scaled to [0,1]).")
final class OnnxPredictCommand implements Callable<Integer> {
  private static final int BATCH = 256;

  @Option(names = "--model", required = true, description = "the .onnx file")
  Path model;

  @Option(names = "--data", description = "the IDX directory (default: "
      + FashionMnist.DEFAULT_DIRECTORY + ")", defaultValue = FashionMnist.DEFAULT_DIRECTORY)
  Path data;

  @Option(names = "--limit", description = "classify at most this many test images")
  Integer limit;

  @Option(names = "--predictions", description = "write one predicted class per line, in"
      + " test-set order")
  Path predictions;

  @Override
  public Integer call() throws IOException {
    Model m = OnnxImporter.read(model);
    Dataset test = FashionMnist.load(data).test();
    if (limit != null) {
      test = test.take(Math.min(limit, test.size()));
    }
    int[] classes = new int[test.size()];
    int correct = 0;
    for (int from = 0; from < test.size(); from += BATCH) {
      Dataset part = test.slice(from, Math.min(from + BATCH, test.size()));
      Tensor images = part.features();
      int[] predicted = m.predictClasses(images);
      for (int i = 0; i < predicted.length; i++) {
        classes[from + i] = predicted[i];
        correct += predicted[i] == part.label(i) ? 1 : 0;
      }
    }
    if (predictions != null) {
      StringBuilder lines = new StringBuilder();
      for (int c : classes) {
        lines.append(c).append('\n');
      }
      byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
      AtomicFile.write(predictions, channel -> {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          channel.write(b);
        }
      });
    }
    double accuracy = test.size() == 0 ? Double.NaN : correct / (double) test.size();
    System.out.printf("%s: %d of %d test images right%n", model, correct, test.size());
    System.out.println(new ResultLine("onnx-predict", "fashion-mnist")
        .put("examples", test.size()).put("test_accuracy", accuracy).format());
    return 0;
  }
}
