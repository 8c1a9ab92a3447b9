package io.nabla.onnx;

import io.nabla.onnx.proto.OnnxProto.AttributeProto;
import io.nabla.onnx.proto.OnnxProto.AttributeProto.AttributeType;
import io.nabla.onnx.proto.OnnxProto.TensorProto;

/** Builders of ONNX node attributes, for exporters: {@code node.addAttribute(ints("perm", 0, 2, 1))}. */
public final class OnnxAttributes {
  private OnnxAttributes() {}

  public static AttributeProto i(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value)
        .build();
  }

  public static AttributeProto f(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value)
        .build();
  }

  public static AttributeProto s(String name, String value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
        .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
  }

  public static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
        .setType(AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  public static AttributeProto ints(String name, int... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
        .setType(AttributeType.INTS);
    for (int v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  public static AttributeProto tensor(String name, TensorProto value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.TENSOR).setT(value)
        .build();
  }
}
