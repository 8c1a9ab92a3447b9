package io.nabla.ops.nn;

import com.google.common.base.Preconditions;
import java.util.Map;

/**
 * How a 2-D convolution slides its filters: stride, padding, dilation and groups. The kernel size
 * comes from the filter tensor. Immutable; start from {@link #defaults()} and change what differs:
 * {@code Conv2dSpec.defaults().withStride(2).withPadding(Padding.same())}.
 */
public record Conv2dSpec(int strideH, int strideW, int dilationH, int dilationW,
    Padding padding, int groups) {

  public Conv2dSpec {
    Preconditions.checkArgument(strideH >= 1 && strideW >= 1,
        "conv2d: stride must be at least 1, not %sx%s; 1 visits every position, 2 halves the"
        + " output", strideH, strideW);
    Preconditions.checkArgument(dilationH >= 1 && dilationW >= 1,
        "conv2d: dilation must be at least 1, not %sx%s; 1 is an ordinary, undilated kernel",
        dilationH, dilationW);
    Preconditions.checkArgument(groups >= 1, "conv2d: groups must be at least 1, not %s; 1"
        + " connects every input channel to every filter", groups);
    Preconditions.checkNotNull(padding, "conv2d: padding is null; use Padding.valid()");
  }

  /** Stride 1, no padding, no dilation, one group. */
  public static Conv2dSpec defaults() {
    return new Conv2dSpec(1, 1, 1, 1, Padding.valid(), 1);
  }

  public Conv2dSpec withStride(int s) {
    return withStride(s, s);
  }

  public Conv2dSpec withStride(int h, int w) {
    return new Conv2dSpec(h, w, dilationH, dilationW, padding, groups);
  }

  public Conv2dSpec withPadding(Padding p) {
    return new Conv2dSpec(strideH, strideW, dilationH, dilationW, p, groups);
  }

  /** {@code p} zeros on every side. */
  public Conv2dSpec withPadding(int p) {
    return withPadding(Padding.of(p));
  }

  public Conv2dSpec withDilation(int d) {
    return new Conv2dSpec(strideH, strideW, d, d, padding, groups);
  }

  public Conv2dSpec withGroups(int g) {
    return new Conv2dSpec(strideH, strideW, dilationH, dilationW, padding, g);
  }

  /** The sliding window for a {@code kh × kw} kernel. */
  public Window2d window(int kh, int kw) {
    return new Window2d(kh, kw, strideH, strideW, dilationH, dilationW, padding);
  }

  /** Attributes for printouts. */
  public Map<String, Object> attributes() {
    Map<String, Object> a = new java.util.LinkedHashMap<>();
    a.put("stride", strideH + "x" + strideW);
    a.put("padding", padding.toString());
    if (dilationH != 1 || dilationW != 1) {
      a.put("dilation", dilationH + "x" + dilationW);
    }
    if (groups != 1) {
      a.put("groups", groups);
    }
    return a;
  }
}
