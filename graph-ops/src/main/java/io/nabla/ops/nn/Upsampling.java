package io.nabla.ops.nn;

import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How {@link Upsample2d} enlarges the two spatial axes of an NCHW tensor: the interpolation and a
 * scale factor per axis (any real number above 0, as in PyTorch's {@code interpolate}). The
 * output has {@code floor(H·scaleH)} rows and {@code floor(W·scaleW)} columns; output pixel
 * {@code i} samples the input at {@code i / scale} (nearest) or {@code (i + ½) / scale − ½}
 * (bilinear with {@code align_corners=False}, PyTorch's and Keras' default). Immutable.
 */
public record Upsampling(Mode mode, double scaleH, double scaleW) {

  /** The interpolation between input pixels. */
  public enum Mode {
    /** The input pixel at {@code floor(i / scale)}. */
    NEAREST,
    /** The two nearest rows and columns, weighted by distance, pixel centres aligned. */
    BILINEAR
  }

  public Upsampling {
    if (mode == null) {
      throw new NullPointerException("upsample2d: the mode is null; use Mode.NEAREST or"
          + " Mode.BILINEAR");
    }
    if (!(scaleH > 0) || !(scaleW > 0) || Double.isInfinite(scaleH)
        || Double.isInfinite(scaleW)) {
      throw new IllegalArgumentException("upsample2d: scale factors must be finite and above 0,"
          + " not " + scaleH + "x" + scaleW + "; 2 doubles the height and width, 0.5 halves"
          + " them");
    }
  }

  /** Nearest-neighbour upsampling by {@code scale} on both axes. */
  public static Upsampling nearest(double scale) {
    return new Upsampling(Mode.NEAREST, scale, scale);
  }

  /** Bilinear upsampling ({@code align_corners=False}) by {@code scale} on both axes. */
  public static Upsampling bilinear(double scale) {
    return new Upsampling(Mode.BILINEAR, scale, scale);
  }

  /** The output's rows ({@code vertical}) or columns for an input of {@code in}. */
  public int outputSize(int in, boolean vertical) {
    double scale = vertical ? scaleH : scaleW;
    int out = (int) Math.floor(in * scale);
    if (out < 1) {
      throw new ShapeException("scaling " + in + " " + (vertical ? "rows" : "columns") + " by "
          + scale + " leaves none; use a scale factor of at least " + 1.0 / in);
    }
    return out;
  }

  /** The output shape for an NCHW input; unknown sizes stay unknown. */
  Shape outputShape(Shape x) {
    if (x.rank() != 4) {
      throw new ShapeException("input must be [N,C,H,W] but is " + x.describe()
          + "; reshape images to NCHW, e.g. reshape(x, -1, 1, 28, 28)");
    }
    int h = x.dim(2) == Shape.UNKNOWN ? Shape.UNKNOWN : outputSize(x.dim(2), true);
    int w = x.dim(3) == Shape.UNKNOWN ? Shape.UNKNOWN : outputSize(x.dim(3), false);
    return Shape.of(x.dim(0), x.dim(1), h, w);
  }

  /** Attributes for printouts. */
  public Map<String, Object> attributes() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("mode", mode.name().toLowerCase(Locale.ROOT));
    a.put("scale", scaleH == scaleW ? format(scaleH) : format(scaleH) + "x" + format(scaleW));
    return a;
  }

  private static String format(double s) {
    return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
  }
}
