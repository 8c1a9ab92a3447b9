package io.nabla.ops.kernel;

/**
 * The sizes of one 2-D convolution with concrete shapes: input {@code [n,c,h,w]}, filters
 * {@code [f,c/groups,kh,kw]}, output {@code [n,f,outH,outW]}, padding before each axis, stride,
 * dilation and groups.
 */
public record ConvGeometry(int n, int c, int h, int w, int f, int kh, int kw, int outH, int outW,
    int padTop, int padLeft, int strideH, int strideW, int dilationH, int dilationW,
    int groups) {

  /** Input channels per group. */
  public int cg() {
    return c / groups;
  }

  /** Filters per group. */
  public int fg() {
    return f / groups;
  }

  /** Rows of the unfolded input: one per (channel, kernel row, kernel column) of a group. */
  public int patch() {
    return cg() * kh * kw;
  }

  /** Output pixels per channel. */
  public int outPixels() {
    return outH * outW;
  }
}
