package io.nabla.onnx;

import static io.nabla.onnx.OnnxAttributes.f;
import static io.nabla.onnx.OnnxAttributes.i;
import static io.nabla.onnx.OnnxAttributes.ints;

import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.primitive.AddN;
import io.nabla.core.primitive.FillLike;
import io.nabla.core.primitive.Identity;
import io.nabla.core.primitive.StopGradient;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.math.Abs;
import io.nabla.ops.math.Add;
import io.nabla.ops.math.Div;
import io.nabla.ops.math.Elu;
import io.nabla.ops.math.Equal;
import io.nabla.ops.math.Exp;
import io.nabla.ops.math.LeakyRelu;
import io.nabla.ops.math.Log;
import io.nabla.ops.math.MatMul;
import io.nabla.ops.math.MatMulBias;
import io.nabla.ops.math.Max;
import io.nabla.ops.math.Mean;
import io.nabla.ops.math.Mul;
import io.nabla.ops.math.Neg;
import io.nabla.ops.math.NormalCdf;
import io.nabla.ops.math.Pow;
import io.nabla.ops.math.Reduction;
import io.nabla.ops.math.Relu;
import io.nabla.ops.math.Reshape;
import io.nabla.ops.math.ReshapeLike;
import io.nabla.ops.math.Sigmoid;
import io.nabla.ops.math.Sign;
import io.nabla.ops.math.Softplus;
import io.nabla.ops.math.Sqrt;
import io.nabla.ops.math.Square;
import io.nabla.ops.math.Heaviside;
import io.nabla.ops.math.Sub;
import io.nabla.ops.math.Sum;
import io.nabla.ops.math.Tanh;
import io.nabla.ops.math.Transpose;
import io.nabla.ops.math.Unsqueeze;
import io.nabla.ops.nn.DropoutMask;
import io.nabla.onnx.proto.OnnxProto.TensorProto;
import java.util.Arrays;
import java.util.Map;

/** The mappings of the core primitives and of {@code ops.math}: element-wise, matmul, shapes. */
final class MathExporters {
  private MathExporters() {}

  static void register(Map<Class<? extends Op>, OpExporter> m) {
    m.put(Identity.class, ctx -> ctx.alias(ctx.input(0)));
    m.put(StopGradient.class, ctx -> ctx.alias(ctx.input(0)));
    m.put(FillLike.class, ctx -> {
      String shape = ctx.temp("shape");
      ctx.add("Shape", shape, ctx.input(0));
      ctx.add("ConstantOfShape", ctx.output(), shape).addAttribute(OnnxAttributes.tensor("value",
          OnnxTensors.floats("value", Tensor.of(new float[] {((FillLike) ctx.node().op())
              .value()}, 1))));
    });
    m.put(AddN.class, ctx -> {
      String[] in = new String[ctx.node().inputs().size()];
      for (int k = 0; k < in.length; k++) {
        in[k] = ctx.input(k);
      }
      ctx.add("Sum", ctx.output(), in);
    });

    m.put(Add.class, binary("Add"));
    m.put(Sub.class, binary("Sub"));
    m.put(Mul.class, MathExporters::mul);
    m.put(Div.class, binary("Div"));
    m.put(Pow.class, binary("Pow"));
    m.put(Equal.class, ctx -> {
      String eq = ctx.temp("equal");
      ctx.add("Equal", eq, ctx.input(0), ctx.input(1));
      ctx.add("Cast", ctx.output(), eq).addAttribute(i("to", TensorProto.DataType.FLOAT_VALUE));
    });

    m.put(Relu.class, unary("Relu"));
    m.put(Sigmoid.class, unary("Sigmoid"));
    m.put(Tanh.class, unary("Tanh"));
    m.put(Exp.class, unary("Exp"));
    m.put(Log.class, unary("Log"));
    m.put(Sqrt.class, unary("Sqrt"));
    m.put(Neg.class, unary("Neg"));
    m.put(Abs.class, unary("Abs"));
    m.put(Sign.class, unary("Sign"));
    m.put(Softplus.class, unary("Softplus"));
    m.put(Square.class, ctx -> ctx.add("Mul", ctx.output(), ctx.input(0), ctx.input(0)));
    m.put(LeakyRelu.class, ctx -> ctx.add("LeakyRelu", ctx.output(), ctx.input(0))
        .addAttribute(f("alpha", ((LeakyRelu) ctx.node().op()).alpha())));
    m.put(Elu.class, ctx -> ctx.add("Elu", ctx.output(), ctx.input(0))
        .addAttribute(f("alpha", ((Elu) ctx.node().op()).alpha())));
    m.put(Heaviside.class, ctx -> {
      String positive = ctx.temp("positive");
      ctx.add("Greater", positive, ctx.input(0), ctx.floats("zero", Tensor.scalar(0f)));
      ctx.add("Cast", ctx.output(), positive)
          .addAttribute(i("to", TensorProto.DataType.FLOAT_VALUE));
    });
    // Φ(x) = (1 + erf(x / √2)) / 2; GELU is x · Φ(x) and exports as the Mul around it.
    m.put(NormalCdf.class, ctx -> {
      String scaled = ctx.temp("scaled");
      ctx.add("Mul", scaled, ctx.input(0),
          ctx.floats("inv_sqrt2", Tensor.scalar((float) (1 / Math.sqrt(2)))));
      String erf = ctx.temp("erf");
      ctx.add("Erf", erf, scaled);
      String plusOne = ctx.temp("plus_one");
      ctx.add("Add", plusOne, erf, ctx.floats("one", Tensor.scalar(1f)));
      ctx.add("Mul", ctx.output(), plusOne, ctx.floats("half", Tensor.scalar(0.5f)));
    });

    m.put(MatMul.class, ctx -> matmul(ctx, ctx.node().op().attributes(), ctx.output()));
    m.put(MatMulBias.class, MathExporters::matmulBias);
    m.put(Reshape.class, ctx -> {
      int[] target = (int[]) ctx.node().op().attributes().get("shape");
      long[] shape = Arrays.stream(target).asLongStream().toArray();
      var node = ctx.add("Reshape", ctx.output(), ctx.input(0), ctx.int64s("shape", shape));
      if (Arrays.stream(target).anyMatch(d -> d == 0)) {
        node.addAttribute(i("allowzero", 1)); // a 0 in Nabla is an empty axis, not "copy"
      }
    });
    m.put(ReshapeLike.class, ctx -> {
      String shape = ctx.temp("shape");
      ctx.add("Shape", shape, ctx.input(1));
      ctx.add("Reshape", ctx.output(), ctx.input(0), shape);
    });
    m.put(Transpose.class, ctx -> ctx.add("Transpose", ctx.output(), ctx.input(0))
        .addAttribute(ints("perm", (int[]) ctx.node().op().attributes().get("perm"))));
    m.put(Unsqueeze.class, ctx -> ctx.add("Unsqueeze", ctx.output(), ctx.input(0),
        ctx.int64s("axes", parseInts(ctx.node().op().attributes().get("axes")))));

    m.put(Mean.class, ctx -> reduce(ctx, "ReduceMean"));
    m.put(Sum.class, ctx -> reduce(ctx, "ReduceSum"));
    m.put(Max.class, ctx -> reduce(ctx, "ReduceMax"));
  }

  private static OpExporter unary(String onnxOp) {
    return ctx -> ctx.add(onnxOp, ctx.output(), ctx.input(0));
  }

  private static OpExporter binary(String onnxOp) {
    return ctx -> ctx.add(onnxOp, ctx.output(), ctx.input(0), ctx.input(1));
  }

  /** Dropout, {@code x · mask(x)}, is x itself in inference; any other product is a Mul. */
  private static void mul(ExportContext ctx) {
    for (int k = 0; k < 2; k++) {
      Node mask = ctx.node().input(k);
      Node other = ctx.node().input(1 - k);
      if (mask.op() instanceof DropoutMask && mask.input(0) == other) {
        ctx.alias(ctx.input(1 - k));
        return;
      }
    }
    ctx.add("Mul", ctx.output(), ctx.input(0), ctx.input(1));
  }

  /** MatMul, with a Transpose of the last two axes before each operand flagged transposed. */
  private static void matmul(ExportContext ctx, Map<String, Object> attributes, String output) {
    String a = ctx.input(0);
    String b = ctx.input(1);
    if (Boolean.TRUE.equals(attributes.get("transpose_a"))) {
      a = swapLastTwo(ctx, a, ctx.inputShape(0).rank(), "a_t");
    }
    if (Boolean.TRUE.equals(attributes.get("transpose_b"))) {
      b = swapLastTwo(ctx, b, ctx.inputShape(1).rank(), "b_t");
    }
    ctx.add("MatMul", output, a, b);
  }

  private static String swapLastTwo(ExportContext ctx, String value, int rank, String suffix) {
    int[] perm = new int[rank];
    for (int d = 0; d < rank; d++) {
      perm[d] = d;
    }
    perm[rank - 2] = rank - 1;
    perm[rank - 1] = rank - 2;
    String t = ctx.temp(suffix);
    ctx.add("Transpose", t, value).addAttribute(ints("perm", perm));
    return t;
  }

  /** The fused {@code matmul_bias[_relu]}: Gemm for 2-D operands, MatMul + Add otherwise. */
  private static void matmulBias(ExportContext ctx) {
    Map<String, Object> attributes = ctx.node().op().attributes();
    boolean relu = "matmul_bias_relu".equals(ctx.node().op().type());
    String sum = relu ? ctx.temp("gemm") : ctx.output();
    if (ctx.inputShape(0).rank() == 2 && ctx.inputShape(1).rank() == 2) {
      ctx.add("Gemm", sum, ctx.input(0), ctx.input(1), ctx.input(2))
          .addAttribute(i("transA", Boolean.TRUE.equals(attributes.get("transpose_a")) ? 1 : 0))
          .addAttribute(i("transB", Boolean.TRUE.equals(attributes.get("transpose_b")) ? 1 : 0));
    } else {
      String product = ctx.temp("matmul");
      matmul(ctx, attributes, product);
      ctx.add("Add", sum, product, ctx.input(2));
    }
    if (relu) {
      ctx.add("Relu", ctx.output(), sum);
    }
  }

  private static void reduce(ExportContext ctx, String onnxOp) {
    Reduction r = (Reduction) ctx.node().op();
    long[] axes = Arrays.stream(r.axesOf(ctx.inputShape(0))).asLongStream().toArray();
    boolean all = axes.length == ctx.inputShape(0).rank();
    var node = "ReduceSum".equals(onnxOp)
        ? (all ? ctx.add(onnxOp, ctx.output(), ctx.input(0))
            : ctx.add(onnxOp, ctx.output(), ctx.input(0), ctx.int64s("axes", axes)))
        : ctx.add(onnxOp, ctx.output(), ctx.input(0));
    if (!"ReduceSum".equals(onnxOp) && !all) {
      node.addAttribute(ints("axes", axes)); // an attribute until opset 18
    }
    node.addAttribute(i("keepdims", r.keepDims() ? 1 : 0));
  }

  /** {@code "[0, 2]"} (how Unsqueeze prints its axes) → {0, 2}. */
  private static long[] parseInts(Object printed) {
    String s = printed.toString().replaceAll("[\\[\\]\\s]", "");
    return s.isEmpty() ? new long[0]
        : Arrays.stream(s.split(",")).mapToLong(Long::parseLong).toArray();
  }
}
