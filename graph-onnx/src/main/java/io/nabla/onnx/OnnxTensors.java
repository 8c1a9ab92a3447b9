package io.nabla.onnx;

import com.google.protobuf.ByteString;
import io.nabla.core.tensor.Tensor;
import io.nabla.onnx.proto.OnnxProto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Nabla tensors as ONNX tensors: float32 and int64 in {@code raw_data}, little-endian. */
final class OnnxTensors {
  private OnnxTensors() {}

  /** {@code value} as a float tensor named {@code name}, its shape kept (rank 0 included). */
  static TensorProto floats(String name, Tensor value) {
    ByteBuffer bytes = ByteBuffer.allocate(value.size() * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(value.data(), 0, value.size());
    TensorProto.Builder t = TensorProto.newBuilder().setName(name)
        .setDataType(TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(bytes));
    for (int d : value.shape().dims()) {
      t.addDims(d);
    }
    return t.build();
  }

  /** A 1-D int64 tensor, as ONNX takes shapes, axes, pads and slice bounds. */
  static TensorProto int64s(String name, long... values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
        .addDims(values.length).setRawData(ByteString.copyFrom(bytes)).build();
  }
}
