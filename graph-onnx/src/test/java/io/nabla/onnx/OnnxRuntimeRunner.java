package io.nabla.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.onnx.proto.OnnxProto.ModelProto;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs an ONNX model in ONNX Runtime, the reference the exports are checked against. */
final class OnnxRuntimeRunner {
  private OnnxRuntimeRunner() {}

  /** Every output of {@code model} for {@code inputs} by name. */
  static Map<String, Tensor> run(ModelProto model, Map<String, Tensor> inputs)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model.toByteArray(), options)) {
      Map<String, OnnxTensor> feeds = new HashMap<>();
      try {
        for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
          Tensor t = e.getValue();
          long[] shape = Arrays.stream(t.shape().dims()).asLongStream().toArray();
          feeds.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(t.toArray()), shape));
        }
        try (OrtSession.Result result = session.run(feeds)) {
          Map<String, Tensor> out = new LinkedHashMap<>();
          for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
            OnnxTensor t = (OnnxTensor) e.getValue();
            int[] dims = Arrays.stream(t.getInfo().getShape()).mapToInt(d -> (int) d).toArray();
            FloatBuffer b = t.getFloatBuffer();
            float[] data = new float[b.remaining()];
            b.get(data);
            out.put(e.getKey(), Tensor.of(Shape.of(dims), data));
          }
          return out;
        }
      } finally {
        feeds.values().forEach(OnnxTensor::close);
      }
    }
  }

  /**
   * {@code max|a − b| / max(max|b|, MIN_NORMAL)}: the largest error against the reference's own
   * scale, so near-zero elements do not turn float32 rounding into large ratios.
   */
  static double relativeDifference(Tensor a, Tensor b) {
    double diff = 0;
    double scale = Float.MIN_NORMAL;
    for (int k = 0; k < b.size(); k++) {
      diff = Math.max(diff, Math.abs(a.get(k) - b.get(k)));
      scale = Math.max(scale, Math.abs(b.get(k)));
    }
    return diff / scale;
  }
}
