package io.nabla.onnx;

import static io.nabla.onnx.OnnxAttributes.f;
import static io.nabla.onnx.OnnxAttributes.i;
import static io.nabla.onnx.OnnxAttributes.ints;
import static io.nabla.onnx.OnnxAttributes.s;

import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.onnx.proto.OnnxProto.NodeProto;
import io.nabla.ops.nn.AvgPool2d;
import io.nabla.ops.nn.BatchNormalize;
import io.nabla.ops.nn.BatchStats;
import io.nabla.ops.nn.Concat;
import io.nabla.ops.nn.Conv2d;
import io.nabla.ops.nn.Conv2dRelu;
import io.nabla.ops.nn.Conv2dSpec;
import io.nabla.ops.nn.Crop;
import io.nabla.ops.nn.DropoutMask;
import io.nabla.ops.nn.LogSoftmax;
import io.nabla.ops.nn.MaxPool2d;
import io.nabla.ops.nn.Pad;
import io.nabla.ops.nn.Padding;
import io.nabla.ops.nn.Softmax;
import io.nabla.ops.nn.TrainingSwitch;
import io.nabla.ops.nn.Window2d;
import java.util.Map;

/**
 * The mappings of {@code ops.nn} in inference: convolution, pooling, batch norm with the running
 * statistics, dropout as identity, structure (concat, pad, crop), softmax.
 */
final class NnExporters {
  private NnExporters() {}

  static void register(Map<Class<? extends Op>, OpExporter> m) {
    m.put(Conv2d.class, ctx -> conv(ctx, ((Conv2d) ctx.node().op()).spec(), ctx.output()));
    m.put(Conv2dRelu.class, ctx -> {
      String conv = ctx.temp("conv");
      conv(ctx, specOf(ctx), conv);
      ctx.add("Relu", ctx.output(), conv);
    });
    m.put(MaxPool2d.class, ctx -> pool(ctx, "MaxPool"));
    m.put(AvgPool2d.class, ctx -> pool(ctx, "AveragePool"));

    m.put(BatchNormalize.class, NnExporters::batchNormalize);
    // Standing alone (not read by batch_normalize), the inference statistics: [running mean;
    // running variance] as one [2, C] tensor.
    m.put(BatchStats.class, ctx -> {
      String mean = ctx.temp("mean");
      ctx.add("Unsqueeze", mean, ctx.input(1), ctx.int64s("axis", 0));
      String variance = ctx.temp("variance");
      ctx.add("Unsqueeze", variance, ctx.input(2), ctx.int64s("axis_2", 0));
      ctx.add("Concat", ctx.output(), mean, variance).addAttribute(i("axis", 0));
    });
    m.put(TrainingSwitch.class, ctx -> ctx.alias(ctx.input(1)));
    // Dropout's x · mask(x) is exported as x (see MathExporters); a mask read elsewhere is ones.
    m.put(DropoutMask.class, ctx -> {
      String shape = ctx.temp("shape");
      ctx.add("Shape", shape, ctx.input(0));
      ctx.add("ConstantOfShape", ctx.output(), shape).addAttribute(OnnxAttributes.tensor("value",
          OnnxTensors.floats("one", Tensor.of(new float[] {1f}, 1))));
    });

    m.put(Concat.class, ctx -> {
      String[] in = new String[ctx.node().inputs().size()];
      for (int k = 0; k < in.length; k++) {
        in[k] = ctx.input(k);
      }
      ctx.add("Concat", ctx.output(), in)
          .addAttribute(i("axis", ((Concat) ctx.node().op()).axis()));
    });
    m.put(Pad.class, ctx -> {
      Pad pad = (Pad) ctx.node().op();
      ctx.add("Pad", ctx.output(), ctx.input(0),
          ctx.int64s("pads", concat(pad.before(), pad.after())),
          ctx.floats("value", Tensor.scalar(pad.value())));
    });
    m.put(Crop.class, NnExporters::crop);
    m.put(Softmax.class, ctx -> ctx.add("Softmax", ctx.output(), ctx.input(0))
        .addAttribute(i("axis", ((Softmax) ctx.node().op()).axis())));
    m.put(LogSoftmax.class, ctx -> ctx.add("LogSoftmax", ctx.output(), ctx.input(0))
        .addAttribute(i("axis", ((LogSoftmax) ctx.node().op()).axis())));
  }

  private static Conv2dSpec specOf(ExportContext ctx) {
    return ((Conv2dRelu) ctx.node().op()).spec();
  }

  private static void conv(ExportContext ctx, Conv2dSpec spec, String output) {
    Shape w = ctx.inputShape(1);
    Window2d window = spec.window(w.dim(2), w.dim(3));
    String[] in = ctx.node().inputs().size() == 3
        ? new String[] {ctx.input(0), ctx.input(1), ctx.input(2)}
        : new String[] {ctx.input(0), ctx.input(1)};
    NodeProto.Builder node = ctx.add("Conv", output, in)
        .addAttribute(ints("kernel_shape", w.dim(2), w.dim(3)))
        .addAttribute(ints("strides", spec.strideH(), spec.strideW()))
        .addAttribute(ints("dilations", spec.dilationH(), spec.dilationW()))
        .addAttribute(i("group", spec.groups()));
    padding(ctx, node, window);
  }

  private static void pool(ExportContext ctx, String onnxOp) {
    Op op = ctx.node().op();
    Window2d window = op instanceof MaxPool2d max ? max.window() : ((AvgPool2d) op).window();
    NodeProto.Builder node = ctx.add(onnxOp, ctx.output(), ctx.input(0))
        .addAttribute(ints("kernel_shape", window.kernelH(), window.kernelW()))
        .addAttribute(ints("strides", window.strideH(), window.strideW()));
    if (window.dilationH() != 1 || window.dilationW() != 1) {
      if ("AveragePool".equals(onnxOp)) {
        throw ctx.unsupported("ONNX's AveragePool has no dilation before opset 19",
            "use an undilated average pooling");
      }
      node.addAttribute(ints("dilations", window.dilationH(), window.dilationW()));
    }
    if ("AveragePool".equals(onnxOp)) {
      node.addAttribute(i("count_include_pad", 1)); // Nabla divides by the full window
    }
    padding(ctx, node, window);
  }

  /**
   * Explicit pads {@code [top, left, bottom, right]} from the window's placement on the known
   * input size; the bottom and right amounts are the fewest giving the same output (rows a
   * window never reaches change nothing). With an unknown size, {@code same} is ONNX's
   * {@code SAME_UPPER} (the odd row at the bottom, as Nabla puts it).
   */
  private static void padding(ExportContext ctx, NodeProto.Builder node, Window2d window) {
    Shape x = ctx.inputShape(0);
    int h = x.dim(2);
    int w = x.dim(3);
    if (h == Shape.UNKNOWN || w == Shape.UNKNOWN) {
      if (window.padding().equals(Padding.same())) {
        node.addAttribute(s("auto_pad", "SAME_UPPER"));
      } else if (!window.padding().equals(Padding.valid())) {
        throw ctx.unsupported("the input's spatial size " + x.describe() + " is unknown, so the"
            + " padding " + window.padding() + " cannot be resolved",
            "give the input a known height and width");
      }
      return;
    }
    Window2d.Placement p = window.place(h, w);
    int spanH = window.dilationH() * (window.kernelH() - 1) + 1;
    int spanW = window.dilationW() * (window.kernelW() - 1) + 1;
    int bottom = Math.max(0, (p.outH() - 1) * window.strideH() + spanH - h - p.padTop());
    int right = Math.max(0, (p.outW() - 1) * window.strideW() + spanW - w - p.padLeft());
    node.addAttribute(ints("pads", p.padTop(), p.padLeft(), bottom, right));
  }

  /**
   * y = gamma · (x − mean) / sqrt(var + ε) + beta with the running statistics behind the
   * statistics input (a {@code batch_stats} node), as ONNX BatchNormalization in inference.
   */
  private static void batchNormalize(ExportContext ctx) {
    Node stats = ctx.node().input(1);
    if (!(stats.op() instanceof BatchStats)) {
      throw ctx.unsupported("its statistics come from " + stats.describe() + ", not from a"
          + " batch_stats node", "build batch norm with NnOps.batchNorm");
    }
    ctx.add("BatchNormalization", ctx.output(), ctx.input(0), ctx.input(2), ctx.input(3),
        ctx.value(stats.input(1)), ctx.value(stats.input(2)))
        .addAttribute(f("epsilon", ((BatchNormalize) ctx.node().op()).epsilon()));
  }

  /** Crop removes {@code before[d]} and {@code after[d]} elements of axis d: a Slice. */
  private static void crop(ExportContext ctx) {
    Crop crop = (Crop) ctx.node().op();
    int[] before = crop.before();
    int[] after = crop.after();
    long[] starts = new long[before.length];
    long[] ends = new long[before.length];
    long[] axes = new long[before.length];
    for (int d = 0; d < before.length; d++) {
      starts[d] = before[d];
      ends[d] = after[d] == 0 ? Long.MAX_VALUE : -after[d];
      axes[d] = d;
    }
    ctx.add("Slice", ctx.output(), ctx.input(0), ctx.int64s("starts", starts),
        ctx.int64s("ends", ends), ctx.int64s("axes", axes));
  }

  private static long[] concat(int[] a, int[] b) {
    long[] r = new long[a.length + b.length];
    for (int k = 0; k < a.length; k++) {
      r[k] = a[k];
    }
    for (int k = 0; k < b.length; k++) {
      r[a.length + k] = b[k];
    }
    return r;
  }
}
