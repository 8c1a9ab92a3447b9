package io.nabla.onnx;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.onnx.proto.OnnxProto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** ONNX tensors read back: float32 as Nabla tensors, integers as long arrays, sizes checked. */
final class ImportTensors {
  private ImportTensors() {}

  static boolean isFloat(TensorProto t) {
    return t.getDataType() == TensorProto.DataType.FLOAT_VALUE;
  }

  static boolean isInteger(TensorProto t) {
    return t.getDataType() == TensorProto.DataType.INT64_VALUE
        || t.getDataType() == TensorProto.DataType.INT32_VALUE;
  }

  static Tensor floats(TensorProto t, String where) {
    int[] dims = dims(t, where);
    long count = count(dims);
    float[] data;
    if (t.hasRawData()) {
      ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      checkSize(where, t, dims, b.remaining(), count * Float.BYTES, "bytes");
      data = new float[(int) count];
      b.asFloatBuffer().get(data);
    } else {
      checkSize(where, t, dims, t.getFloatDataCount(), count, "floats");
      data = new float[(int) count];
      for (int k = 0; k < data.length; k++) {
        data[k] = t.getFloatData(k);
      }
    }
    return Tensor.of(Shape.of(dims), data);
  }

  static long[] integers(TensorProto t, String where) {
    int[] dims = dims(t, where);
    long count = count(dims);
    long[] data = new long[(int) count];
    boolean wide = t.getDataType() == TensorProto.DataType.INT64_VALUE;
    if (t.hasRawData()) {
      ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      checkSize(where, t, dims, b.remaining(), count * (wide ? 8 : 4), "bytes");
      for (int k = 0; k < data.length; k++) {
        data[k] = wide ? b.getLong() : b.getInt();
      }
    } else if (wide) {
      checkSize(where, t, dims, t.getInt64DataCount(), count, "int64 values");
      for (int k = 0; k < data.length; k++) {
        data[k] = t.getInt64Data(k);
      }
    } else {
      checkSize(where, t, dims, t.getInt32DataCount(), count, "int32 values");
      for (int k = 0; k < data.length; k++) {
        data[k] = t.getInt32Data(k);
      }
    }
    return data;
  }

  private static int[] dims(TensorProto t, String where) {
    int[] dims = new int[t.getDimsCount()];
    for (int k = 0; k < dims.length; k++) {
      long d = t.getDims(k);
      if (d < 0 || d > Integer.MAX_VALUE) {
        throw new OnnxImportException(where + ": tensor '" + t.getName() + "' has dimension "
            + d + " in " + t.getDimsList() + "; dimensions are sizes from 0 to 2^31 - 1");
      }
      dims[k] = (int) d;
    }
    if (count(dims) > Integer.MAX_VALUE / 8) {
      throw new OnnxImportException(where + ": tensor '" + t.getName() + "' " + t.getDimsList()
          + " is too large for one Nabla tensor");
    }
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new OnnxImportException(where + ": tensor '" + t.getName() + "' keeps its data in an"
          + " external file, which is not supported; save the model with its data inside"
          + " (onnx.save(model, path, save_as_external_data=False))");
    }
    return dims;
  }

  private static long count(int[] dims) {
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  private static void checkSize(String where, TensorProto t, int[] dims, long actual,
      long expected, String unit) {
    if (actual != expected) {
      throw new OnnxImportException(where + ": tensor '" + t.getName() + "' of shape "
          + java.util.Arrays.toString(dims) + " needs " + expected + " " + unit + " but holds "
          + actual + "; the file is damaged or was written wrongly");
    }
  }
}
