package io.nabla.ops.nn;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;

/** The plain loops of a 2-D cross-correlation, written straight from the definition. */
final class ConvReference {
  private ConvReference() {}

  static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int[] pad, int dilation,
      int groups) {
    int n = x.shape().dim(0);
    int c = x.shape().dim(1);
    int h = x.shape().dim(2);
    int wd = x.shape().dim(3);
    int f = w.shape().dim(0);
    int kh = w.shape().dim(2);
    int kw = w.shape().dim(3);
    int oh = (h + pad[0] + pad[1] - dilation * (kh - 1) - 1) / stride + 1;
    int ow = (wd + pad[2] + pad[3] - dilation * (kw - 1) - 1) / stride + 1;
    int cg = c / groups;
    int fg = f / groups;
    Tensor out = Tensor.zeros(Shape.of(n, f, oh, ow));
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < f; o++) {
        int group = o / fg;
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double s = bias == null ? 0 : bias.get(o);
            for (int ci = 0; ci < cg; ci++) {
              for (int u = 0; u < kh; u++) {
                for (int v = 0; v < kw; v++) {
                  int y = i * stride - pad[0] + u * dilation;
                  int xx = j * stride - pad[2] + v * dilation;
                  if (y >= 0 && y < h && xx >= 0 && xx < wd) {
                    s += w.at(o, ci, u, v) * x.at(b, group * cg + ci, y, xx);
                  }
                }
              }
            }
            out.data()[((b * f + o) * oh + i) * ow + j] = (float) s;
          }
        }
      }
    }
    return out;
  }
}
