package io.nabla.ops.nn;

import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.ConvGeometry;

/** The shape rule of conv2d and its gradient ops, so all three agree on every size. */
final class ConvShapes {
  private ConvShapes() {}

  /** Checks an input and a filter shape (either may have unknown dims) against the spec. */
  static Shape outputShape(Shape x, Shape filters, Conv2dSpec spec) {
    if (x.rank() != 4) {
      throw new ShapeException("input must be [N,C,H,W] but is " + x.describe()
          + "; reshape images to NCHW, e.g. reshape(x, -1, 1, 28, 28)");
    }
    if (filters.rank() != 4) {
      throw new ShapeException("filters must be [F,C/groups,kH,kW] but are "
          + filters.describe());
    }
    int c = x.dim(1);
    int perGroup = filters.dim(1);
    int f = filters.dim(0);
    int groups = spec.groups();
    if (c != Shape.UNKNOWN && c % groups != 0) {
      throw new ShapeException("the input's " + c + " channels cannot be split into " + groups
          + " groups; groups must divide the number of input channels");
    }
    if (c != Shape.UNKNOWN && perGroup != Shape.UNKNOWN && c != perGroup * groups) {
      throw new ShapeException("the input has " + c + " channels but the filters " 
          + filters.describe() + " expect " + perGroup + " per group × " + groups + " group"
          + (groups == 1 ? "" : "s") + " = " + perGroup * groups
          + "; did the previous layer produce " + c + " channels instead of "
          + perGroup * groups + "?");
    }
    if (f != Shape.UNKNOWN && f % groups != 0) {
      throw new ShapeException(f + " filters " + filters.describe() + " cannot be split into "
          + groups + " groups; the number of filters must be a multiple of the groups");
    }
    int[] out = spec.window(filters.dim(2), filters.dim(3)).outputSize(x);
    return Shape.of(x.dim(0), f, out[0], out[1]);
  }

  /** The kernel's view of a convolution of concrete shapes. */
  static ConvGeometry geometry(Shape x, Shape filters, Conv2dSpec spec) {
    Window2d.Placement p = spec.window(filters.dim(2), filters.dim(3)).place(x.dim(2), x.dim(3));
    return new ConvGeometry(x.dim(0), x.dim(1), x.dim(2), x.dim(3), filters.dim(0),
        filters.dim(2), filters.dim(3), p.outH(), p.outW(), p.padTop(), p.padLeft(),
        spec.strideH(), spec.strideW(), spec.dilationH(), spec.dilationW(), spec.groups());
  }
}
