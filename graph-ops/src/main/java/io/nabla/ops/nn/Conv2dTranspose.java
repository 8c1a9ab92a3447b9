package io.nabla.ops.nn;

import static io.nabla.ops.NnOps.crop;
import static io.nabla.ops.NnOps.pad;
import static io.nabla.ops.Ops.sum;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.ConvGeometry;
import io.nabla.ops.kernel.ConvKernel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Transposed 2-D convolution (PyTorch's {@code conv_transpose2d}, Keras' {@code Conv2DTranspose}):
 * the adjoint of {@link Conv2d}, which spreads each input pixel over a kernel-sized patch of a
 * larger output. Input {@code [N,C,H,W]}, filters {@code [C,F/groups,kH,kW]} (conv2d's layout
 * read the other way: a conv2d from F channels to C), optional bias {@code [F]}; output
 * {@code [N,F,outH,outW]} with {@code outH = (H−1)·stride − padTop − padBottom + dilation·(kH−1)
 * + outputPadding + 1}.
 *
 * <p>{@code padding} removes rows and columns from the output's borders, as in PyTorch. Since a
 * strided conv2d maps several input sizes to one output size, {@code outputPadding} picks the
 * larger ones: it adds that many rows (columns) at the bottom (right). It must be smaller than the
 * stride or the dilation, or the extra rows would be ones that no input pixel reaches.
 *
 * <p>The op runs conv2d's input-gradient kernel; its own gradients are conv2d (for the input) and
 * conv2d's filter gradient (for the filters), both linear, so every order of derivative exists.
 */
public final class Conv2dTranspose implements Op {
  private final Conv2dSpec spec;
  private final int outputPaddingH;
  private final int outputPaddingW;

  /** No output padding. */
  public Conv2dTranspose(Conv2dSpec spec) {
    this(spec, 0, 0);
  }

  /**
   * {@code outputPaddingH} rows and {@code outputPaddingW} columns added to the output; each at
   * least 0 and smaller than the stride or the dilation of its axis.
   */
  public Conv2dTranspose(Conv2dSpec spec, int outputPaddingH, int outputPaddingW) {
    if (spec == null) {
      throw new NullPointerException("conv2d_transpose: the spec is null; use"
          + " Conv2dSpec.defaults()");
    }
    if (spec.padding().equals(Padding.same())) {
      throw new IllegalArgumentException("conv2d_transpose: padding 'same' is not defined for a"
          + " transposed convolution; give explicit padding, e.g. kernel 3 stride 2 padding 1"
          + " output padding 1 doubles the size");
    }
    checkOutputPadding("rows", outputPaddingH, spec.strideH(), spec.dilationH());
    checkOutputPadding("columns", outputPaddingW, spec.strideW(), spec.dilationW());
    this.spec = spec;
    this.outputPaddingH = outputPaddingH;
    this.outputPaddingW = outputPaddingW;
  }

  private static void checkOutputPadding(String axis, int outputPadding, int stride,
      int dilation) {
    int limit = Math.max(stride, dilation);
    if (outputPadding < 0 || outputPadding >= limit) {
      throw new IllegalArgumentException("conv2d_transpose: output padding " + outputPadding
          + " of the " + axis + " must be at least 0 and smaller than the stride " + stride
          + " or the dilation " + dilation + ", i.e. in [0, " + (limit - 1) + "]; it picks one"
          + " of the " + limit + " output sizes that a conv2d with that stride maps to the"
          + " input's size");
    }
  }

  public Conv2dSpec spec() {
    return spec;
  }

  public int outputPaddingH() {
    return outputPaddingH;
  }

  public int outputPaddingW() {
    return outputPaddingW;
  }

  @Override
  public String type() {
    return "conv2d_transpose";
  }

  @Override
  public Map<String, Object> attributes() {
    Map<String, Object> a = new LinkedHashMap<>(spec.attributes());
    if (outputPaddingH != 0 || outputPaddingW != 0) {
      a.put("output_padding", outputPaddingH + "x" + outputPaddingW);
    }
    return a;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    if (in.size() != 2 && in.size() != 3) {
      throw new ShapeException("takes (input, filters) or (input, filters, bias) but was given "
          + in.size() + " inputs");
    }
    Shape x = in.get(0);
    Shape w = in.get(1);
    if (x.rank() != 4) {
      throw new ShapeException("input must be [N,C,H,W] but is " + x.describe()
          + "; reshape images to NCHW, e.g. reshape(x, -1, 8, 7, 7)");
    }
    if (w.rank() != 4) {
      throw new ShapeException("filters must be [C,F/groups,kH,kW] but are " + w.describe());
    }
    int c = x.dim(1);
    int groups = spec.groups();
    if (c != Shape.UNKNOWN && c % groups != 0) {
      throw new ShapeException("the input's " + c + " channels cannot be split into " + groups
          + " groups; groups must divide the number of input channels");
    }
    if (c != Shape.UNKNOWN && w.dim(0) != Shape.UNKNOWN && c != w.dim(0)) {
      throw new ShapeException("the input has " + c + " channels but the filters "
          + w.describe() + " are for " + w.dim(0) + " (transposed filters are [in channels,"
          + " out channels/groups, kH, kW], conv2d's [out, in/groups, kH, kW] read backwards)");
    }
    int f = w.dim(1) == Shape.UNKNOWN ? Shape.UNKNOWN : w.dim(1) * groups;
    if (in.size() == 3) {
      Shape bias = in.get(2);
      if (bias.rank() != 1 || (bias.dim(0) != f && bias.dim(0) != Shape.UNKNOWN
          && f != Shape.UNKNOWN)) {
        throw new ShapeException("bias must be [" + f + "], one per output channel, but is "
            + bias.describe());
      }
    }
    return Shape.of(x.dim(0), f, size(x.dim(2), w.dim(2), true), size(x.dim(3), w.dim(3), false));
  }

  /** The output's size along one axis, or unknown; fails when the padding leaves nothing. */
  private int size(int in, int k, boolean vertical) {
    if (in == Shape.UNKNOWN || k == Shape.UNKNOWN) {
      return Shape.UNKNOWN;
    }
    int stride = vertical ? spec.strideH() : spec.strideW();
    int dilation = vertical ? spec.dilationH() : spec.dilationW();
    int outputPadding = vertical ? outputPaddingH : outputPaddingW;
    int[] p = spec.padding().resolve(0, 0, 1, vertical);
    int full = (in - 1) * stride + dilation * (k - 1) + outputPadding + 1;
    int out = full - p[0] - p[1];
    if (out < 1) {
      throw new ShapeException("the padding " + spec.padding() + " removes " + (p[0] + p[1])
          + " of the " + full + " " + (vertical ? "rows" : "columns") + " the transposed"
          + " convolution produces, leaving none; use less padding");
    }
    return out;
  }

  @Override
  public void compute(OpContext c) {
    Shape x = c.input(0).shape();
    Shape w = c.input(1).shape();
    Shape y = c.output().shape();
    float[] out = c.output().data();
    ConvKernel.inputGrad(c.input(0).data(), c.input(1).data(), out, geometry(x, w, y));
    if (c.inputCount() == 3) {
      float[] bias = c.input(2).data();
      int pixels = y.dim(2) * y.dim(3);
      for (int i = 0; i < y.dim(0) * y.dim(1); i++) {
        float b = bias[i % y.dim(1)];
        for (int p = i * pixels; p < (i + 1) * pixels; p++) {
          out[p] += b;
        }
      }
    }
  }

  /**
   * The conv2d whose input gradient this is: from the output {@code y} (its input) to {@code x}
   * (its output). With an output padding of a stride or more, that conv2d would give more rows
   * than {@code x} has; the kernel then computes only the first {@code H}, whose adjoint this is.
   */
  private ConvGeometry geometry(Shape x, Shape w, Shape y) {
    int[] ph = spec.padding().resolve(0, 0, 1, true);
    int[] pw = spec.padding().resolve(0, 0, 1, false);
    return new ConvGeometry(y.dim(0), y.dim(1), y.dim(2), y.dim(3), x.dim(1), w.dim(2),
        w.dim(3), x.dim(2), x.dim(3), ph[0], pw[0], spec.strideH(), spec.strideW(),
        spec.dilationH(), spec.dilationW(), spec.groups());
  }

  /**
   * dx = conv2d of the upstream gradient, dw = conv2d's filter gradient, db = the upstream
   * gradient summed over N, H and W. An output padding of a whole stride or more makes that conv2d
   * one row (column) longer than the input: dx drops it, and the filter gradient sees the input
   * with a zero row there, which the forward pass implicitly had.
   */
  @Override
  public List<Node> gradient(GradContext g) {
    Node x = g.input(0);
    Node w = g.input(1);
    Node up = g.upstream();
    int extraH = outputPaddingH / spec.strideH();
    int extraW = outputPaddingW / spec.strideW();
    Node dx = g.graph().apply(new Conv2d(spec), up, w);
    Node padded = x;
    if (extraH > 0 || extraW > 0) {
      int[] none = {0, 0, 0, 0};
      int[] extra = {0, 0, extraH, extraW};
      dx = crop(dx, none, extra);
      padded = pad(x, none, extra);
    }
    List<Node> grads = new ArrayList<>();
    grads.add(dx);
    grads.add(g.graph().apply(new Conv2dFilterGrad(spec), up, padded, w));
    if (g.node().inputs().size() == 3) {
      grads.add(sum(up, false, 0, 2, 3));
    }
    return grads;
  }
}
