package io.nabla.onnx;

import static io.nabla.onnx.OnnxAttributes.i;
import static io.nabla.onnx.OnnxAttributes.ints;
import static io.nabla.onnx.OnnxAttributes.s;

import io.nabla.core.graph.Op;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.onnx.proto.OnnxProto.NodeProto;
import io.nabla.ops.nn.Conv2dSpec;
import io.nabla.ops.nn.Conv2dTranspose;
import io.nabla.ops.nn.Padding;
import io.nabla.ops.nn.Upsample2d;
import io.nabla.ops.nn.Upsampling;
import io.nabla.ops.nn.Window2d;
import java.util.Map;

/** The mappings of the decoder ops: transposed convolution → ConvTranspose, upsampling → Resize. */
final class DecoderExporters {
  private DecoderExporters() {}

  static void register(Map<Class<? extends Op>, OpExporter> m) {
    m.put(Conv2dTranspose.class, DecoderExporters::convTranspose);
    m.put(Upsample2d.class, DecoderExporters::resize);
  }

  /**
   * ConvTranspose with the same filters ([C_in, C_out / groups, kH, kW] in both). ONNX's output
   * is {@code s(H−1) + output_padding + span − pad_begin − pad_end}; the pads are those of the
   * convolution this op is the adjoint of, placed on the output's size.
   */
  private static void convTranspose(ExportContext ctx) {
    Conv2dTranspose op = (Conv2dTranspose) ctx.node().op();
    Conv2dSpec spec = op.spec();
    Shape w = ctx.inputShape(1);
    Shape x = ctx.inputShape(0);
    Shape y = ctx.node().shape();
    Window2d window = spec.window(w.dim(2), w.dim(3));
    String[] in = ctx.node().inputs().size() == 3
        ? new String[] {ctx.input(0), ctx.input(1), ctx.input(2)}
        : new String[] {ctx.input(0), ctx.input(1)};
    NodeProto.Builder node = ctx.add("ConvTranspose", ctx.output(), in)
        .addAttribute(ints("kernel_shape", w.dim(2), w.dim(3)))
        .addAttribute(ints("strides", spec.strideH(), spec.strideW()))
        .addAttribute(ints("dilations", spec.dilationH(), spec.dilationW()))
        .addAttribute(ints("output_padding", op.outputPaddingH(), op.outputPaddingW()))
        .addAttribute(i("group", spec.groups()));
    if (window.padding().equals(Padding.valid())) {
      return;
    }
    if (x.dim(2) == Shape.UNKNOWN || x.dim(3) == Shape.UNKNOWN) {
      throw ctx.unsupported("the input's spatial size " + x.describe() + " is unknown, so the"
          + " padding " + window.padding() + " cannot be resolved",
          "give the input a known height and width");
    }
    Window2d.Placement p = window.place(y.dim(2), y.dim(3));
    int spanH = spec.dilationH() * (w.dim(2) - 1) + 1;
    int spanW = spec.dilationW() * (w.dim(3) - 1) + 1;
    int bottom = spec.strideH() * (x.dim(2) - 1) + op.outputPaddingH() + spanH - p.padTop()
        - y.dim(2);
    int right = spec.strideW() * (x.dim(3) - 1) + op.outputPaddingW() + spanW - p.padLeft()
        - y.dim(3);
    node.addAttribute(ints("pads", p.padTop(), p.padLeft(), bottom, right));
  }

  /**
   * Resize by scale factors: nearest reads {@code floor(i / scale)} (ONNX's asymmetric
   * coordinates, floor rounding), bilinear {@code (i + ½) / scale − ½} (PyTorch's half-pixel).
   */
  private static void resize(ExportContext ctx) {
    Upsampling how = ((Upsample2d) ctx.node().op()).upsampling();
    // a Constant node, not an initializer: an importer must not take it for a weight
    String scales = ctx.temp("scales");
    ctx.add("Constant", scales).addAttribute(OnnxAttributes.tensor("value",
        OnnxTensors.floats("scales", Tensor.of(new float[] {1, 1, (float) how.scaleH(),
            (float) how.scaleW()}, 4))));
    NodeProto.Builder node = ctx.add("Resize", ctx.output(), ctx.input(0), "", scales);
    if (how.mode() == Upsampling.Mode.NEAREST) {
      node.addAttribute(s("mode", "nearest"))
          .addAttribute(s("coordinate_transformation_mode", "asymmetric"))
          .addAttribute(s("nearest_mode", "floor"));
    } else {
      node.addAttribute(s("mode", "linear"))
          .addAttribute(s("coordinate_transformation_mode", "pytorch_half_pixel"));
    }
  }
}
