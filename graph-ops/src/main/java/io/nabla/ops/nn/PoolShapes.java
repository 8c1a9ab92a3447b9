package io.nabla.ops.nn;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.ops.kernel.PoolKernel;

/** The shape rules the pooling ops share, so that their messages read alike. */
final class PoolShapes {
  private PoolShapes() {}

  /** Refuses a dilated window: pooling has no use for one and the kernels do not dilate. */
  static Window2d checkWindow(String type, Window2d window) {
    Preconditions.checkNotNull(window, "%s: the window is null", type);
    Preconditions.checkArgument(window.dilationH() == 1 && window.dilationW() == 1,
        "%s: dilation must be 1x1 for pooling, not %sx%s; use a larger kernel instead", type,
        window.dilationH(), window.dilationW());
    return window;
  }

  /**
   * The pooled shape {@code [N,C,outH,outW]} of {@code x}, called {@code name} in messages;
   * unknown dimensions stay unknown.
   */
  static Shape pooled(Window2d window, Shape x, String name) {
    if (x.rank() != 4) {
      throw new ShapeException(name + " must be NCHW (rank 4: batch, channels, height, width)"
          + " but is " + x.describe() + (x.rank() == 3
              ? "; a single image still needs the batch axis: unsqueeze(x, 0)"
              : "; reshape it to [N,C,H,W]"));
    }
    int h = x.dim(2);
    int w = x.dim(3);
    if (h == Shape.UNKNOWN || w == Shape.UNKNOWN) {
      return Shape.of(x.dim(0), x.dim(1), Shape.UNKNOWN, Shape.UNKNOWN);
    }
    Window2d.Placement p = window.place(h, w);
    if (p.padTop() >= window.kernelH() || p.padLeft() >= window.kernelW()
        || (p.outH() - 1) * window.strideH() - p.padTop() >= h
        || (p.outW() - 1) * window.strideW() - p.padLeft() >= w) {
      throw new ShapeException("with padding " + window.padding() + " some "
          + window.kernelH() + "x" + window.kernelW() + " window (stride " + window.strideH()
          + "x" + window.strideW() + ") covers only padding of the " + h + "x" + w + " "
          + name + "; keep the padding on each side smaller than the kernel");
    }
    return Shape.of(x.dim(0), x.dim(1), p.outH(), p.outW());
  }

  /** Fails unless {@code actual} fits {@code expected}: same rank, known dimensions equal. */
  static void requireFits(String name, Shape actual, String expectedName, Shape expected) {
    boolean fits = actual.rank() == expected.rank();
    for (int d = 0; fits && d < actual.rank(); d++) {
      int a = actual.dim(d);
      int e = expected.dim(d);
      fits = a == e || a == Shape.UNKNOWN || e == Shape.UNKNOWN;
    }
    if (!fits) {
      throw new ShapeException(name + " must be " + expectedName + " " + expected.describe()
          + " but is " + actual.describe());
    }
  }

  /** The kernel's view of pooling the run-time (fully known) shape {@code x}. */
  static PoolKernel.Geometry geometry(Window2d window, Shape x) {
    Window2d.Placement p = window.place(x.dim(2), x.dim(3));
    return new PoolKernel.Geometry(x.dim(0) * x.dim(1), p.inH(), p.inW(), p.outH(), p.outW(),
        window.kernelH(), window.kernelW(), window.strideH(), window.strideW(), p.padTop(),
        p.padLeft());
  }
}
