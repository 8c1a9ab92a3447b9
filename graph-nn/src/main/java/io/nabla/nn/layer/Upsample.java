package io.nabla.nn.layer;

import static io.nabla.ops.NnOps.upsample2d;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import io.nabla.ops.nn.Upsampling;

/**
 * Enlarges the height and width of {@code [N,C,H,W]} by a scale factor, nearest-neighbour by
 * default (PyTorch's {@code Upsample}, Keras' {@code UpSampling2D}); no parameters.
 * {@code new Upsample(2)} doubles both, {@code Upsample.bilinear(2)} interpolates.
 */
public final class Upsample implements Layer {
  private final Upsampling how;

  /** Nearest-neighbour upsampling by {@code scale} (above 0) on both axes. */
  public Upsample(double scale) {
    this(Upsampling.nearest(scale));
  }

  public Upsample(Upsampling how) {
    Preconditions.checkNotNull(how, "upsampling is null; use e.g. Upsampling.nearest(2)");
    this.how = how;
  }

  /** Bilinear upsampling ({@code align_corners=False}) by {@code scale} on both axes. */
  public static Upsample bilinear(double scale) {
    return new Upsample(Upsampling.bilinear(scale));
  }

  @Override
  public String kind() {
    return "upsample";
  }

  @Override
  public Node apply(Node x, LayerContext ctx) {
    return upsample2d(x, how);
  }
}
