package io.nabla.ops.nn;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The geometry of a window sliding over the two spatial axes of an NCHW tensor: kernel size,
 * stride, dilation and padding. Shared by convolution and pooling.
 */
public record Window2d(int kernelH, int kernelW, int strideH, int strideW, int dilationH,
    int dilationW, Padding padding) {

  public Window2d {
    Preconditions.checkArgument(kernelH >= 1 && kernelW >= 1,
        "window: the kernel must be at least 1x1, not %sx%s", kernelH, kernelW);
    Preconditions.checkArgument(strideH >= 1 && strideW >= 1,
        "window: the stride must be at least 1, not %sx%s; 1 visits every position, a stride"
            + " equal to the kernel gives non-overlapping windows", strideH, strideW);
    Preconditions.checkArgument(dilationH >= 1 && dilationW >= 1,
        "window: the dilation must be at least 1, not %sx%s; 1 is an undilated window",
        dilationH, dilationW);
    Preconditions.checkNotNull(padding, "padding is null; use Padding.valid()");
  }

  /** A square {@code k×k} window with stride {@code s}, no dilation. */
  public static Window2d of(int k, int s, Padding padding) {
    return new Window2d(k, k, s, s, 1, 1, padding);
  }

  /** The window applied to an input of {@code inH × inW}: output size and padding per side. */
  public record Placement(int inH, int inW, int outH, int outW, int padTop, int padLeft) {}

  /**
   * Places the window on an input of {@code inH × inW}, or fails when the (dilated) kernel is
   * larger than the padded input.
   */
  public Placement place(int inH, int inW) {
    int spanH = dilationH * (kernelH - 1) + 1;
    int spanW = dilationW * (kernelW - 1) + 1;
    int[] ph = padding.resolve(inH, spanH, strideH, true);
    int[] pw = padding.resolve(inW, spanW, strideW, false);
    int paddedH = inH + ph[0] + ph[1];
    int paddedW = inW + pw[0] + pw[1];
    if (spanH > paddedH || spanW > paddedW) {
      throw new ShapeException("the " + spanH + "x" + spanW + " window (kernel " + kernelH + "x"
          + kernelW + ", dilation " + dilationH + "x" + dilationW + ") is larger than the padded"
          + " input " + paddedH + "x" + paddedW + " (input " + inH + "x" + inW + ", padding "
          + padding + "); use a smaller kernel, more padding or a larger input");
    }
    return new Placement(inH, inW, (paddedH - spanH) / strideH + 1,
        (paddedW - spanW) / strideW + 1, ph[0], pw[0]);
  }

  /**
   * The output's spatial size for an NCHW input shape; unknown when the input's is.
   * Returns {@code {outH, outW}}.
   */
  public int[] outputSize(Shape input) {
    int h = input.dim(2);
    int w = input.dim(3);
    if (h == Shape.UNKNOWN || w == Shape.UNKNOWN) {
      return new int[] {Shape.UNKNOWN, Shape.UNKNOWN};
    }
    Placement p = place(h, w);
    return new int[] {p.outH(), p.outW()};
  }

  /** Attributes for printouts. */
  public Map<String, Object> attributes() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("kernel", kernelH + "x" + kernelW);
    a.put("stride", strideH + "x" + strideW);
    if (dilationH != 1 || dilationW != 1) {
      a.put("dilation", dilationH + "x" + dilationW);
    }
    a.put("padding", padding.toString());
    return a;
  }
}
