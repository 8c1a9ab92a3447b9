package io.nabla.samples;

import static io.nabla.samples.Launcher.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.model.Model;
import io.nabla.onnx.proto.OnnxProto.ModelProto;
import io.nabla.onnx.proto.OnnxProto.NodeProto;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code onnx-export} and {@code onnx-predict}: a model written as ONNX and read back classifies
 * the test images of an IDX directory as the Nabla model does.
 */
class OnnxSamplesTest {
  private static final int IMAGES = 37;

  @TempDir
  Path dir;

  @Test
  void exportedLenetPredictsAsNablaDoes() throws Exception {
    Path onnx = dir.resolve("lenet.onnx");
    String out = run("onnx-export", "--model", "lenet", "--out", onnx.toString());
    assertTrue(out.contains("RESULT {\"sample\":\"onnx-export\",\"dataset\":\"none\","
        + "\"model\":\"lenet\""), out);

    Path data = Files.createDirectory(dir.resolve("idx"));
    byte[] pixels = new byte[IMAGES * 784];
    new Random(5).nextBytes(pixels);
    byte[] labels = new byte[IMAGES];
    for (int i = 0; i < IMAGES; i++) {
      labels[i] = (byte) (i % 10);
    }
    for (String part : new String[] {"train", "t10k"}) {
      writeIdx(data.resolve(part + "-images-idx3-ubyte"), pixels, IMAGES, 28, 28);
      writeIdx(data.resolve(part + "-labels-idx1-ubyte"), labels, IMAGES);
    }
    Path predictions = dir.resolve("predictions.txt");
    String predicted = run("onnx-predict", "--model", onnx.toString(), "--data",
        data.toString(), "--limit", "30", "--predictions", predictions.toString());
    Matcher m = Pattern.compile("\"examples\":30,\"test_accuracy\":([0-9.]+)}")
        .matcher(predicted);
    assertTrue(m.find(), predicted);

    float[] scaled = new float[30 * 784];
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] = (pixels[i] & 0xff) / 255f;
    }
    Model nabla = Architectures.build("lenet", 0);
    int[] expected = nabla.predictClasses(Tensor.of(Shape.of(30, 1, 28, 28), scaled));
    List<String> lines = Files.readAllLines(predictions);
    assertArrayEquals(expected, lines.stream().mapToInt(Integer::parseInt).toArray());
    int right = 0;
    for (int i = 0; i < 30; i++) {
      right += expected[i] == labels[i] ? 1 : 0;
    }
    assertEquals(right / 30.0, Double.parseDouble(m.group(1)), 1e-4);
  }

  @Test
  void theCustomOpExportsThroughItsRegisteredMapping() throws Exception {
    Path onnx = dir.resolve("softsign.onnx");
    run("onnx-export", "--model", "softsign", "--out", onnx.toString());
    ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(onnx));
    assertEquals(2, proto.getGraph().getNodeList().stream().map(NodeProto::getOpType)
        .filter("Softsign"::equals).count());
  }

  private static void writeIdx(Path file, byte[] values, int... dims) throws Exception {
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
      out.writeInt(0x0800 | dims.length); // unsigned bytes, then the rank
      for (int d : dims) {
        out.writeInt(d);
      }
      out.write(values);
    }
  }

}
