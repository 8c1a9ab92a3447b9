package io.nabla.nn.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * Paints 2-D slices of a tensor's data as image tiles, each value a {@code scale}×{@code scale}
 * block of pixels (nearest-neighbour upscaling, so a 5×5 map stays crisp). Values that are NaN
 * or infinite are painted {@link #NOT_FINITE} so they cannot pass for real numbers.
 */
final class Tiles {
  static {
    Headless.ensure();
  }

  /** Marks a NaN or infinite value: no gray level or colour map produces it. */
  static final Color NOT_FINITE = new Color(0xff, 0x00, 0xff);

  private Tiles() {}

  /**
   * Gray tile of {@code h}×{@code w} values starting at {@code offset}, stretched so the
   * tile's own finite minimum is black and its maximum white; a constant tile is mid-gray.
   */
  static void grayNormalized(BufferedImage img, int x0, int y0, float[] data, int offset,
      int h, int w, int scale) {
    float[] range = finiteRange(data, offset, h * w);
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        float v = data[offset + i * w + j];
        block(img, x0 + j * scale, y0 + i * scale, scale, gray(normalize(v, range)));
      }
    }
  }

  /** Gray tile with values clamped to [0, 1]: 0 black, 1 white. */
  static void grayClamped(BufferedImage img, int x0, int y0, float[] data, int offset,
      int h, int w, int scale) {
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        float v = data[offset + i * w + j];
        float t = Float.isFinite(v) ? Math.max(0f, Math.min(1f, v)) : Float.NaN;
        block(img, x0 + j * scale, y0 + i * scale, scale, gray(t));
      }
    }
  }

  /**
   * Colour tile from three planes (red, green, blue) of {@code h}×{@code w} values starting at
   * {@code offset}, {@code offset + h·w} and {@code offset + 2·h·w}, stretched together to their
   * common min..max so the balance between the channels survives.
   */
  static void rgbNormalized(BufferedImage img, int x0, int y0, float[] data, int offset,
      int h, int w, int scale) {
    int plane = h * w;
    float[] range = finiteRange(data, offset, 3 * plane);
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        int p = offset + i * w + j;
        float r = normalize(data[p], range);
        float g = normalize(data[p + plane], range);
        float b = normalize(data[p + 2 * plane], range);
        int rgb = Float.isNaN(r) || Float.isNaN(g) || Float.isNaN(b)
            ? NOT_FINITE.getRGB()
            : 0xff000000 | level(r) << 16 | level(g) << 8 | level(b);
        block(img, x0 + j * scale, y0 + i * scale, scale, rgb);
      }
    }
  }

  /** {min, max} over the finite values of {@code data[offset, offset+n)}; NaNs if none. */
  static float[] finiteRange(float[] data, int offset, int n) {
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (int i = offset; i < offset + n; i++) {
      float v = data[i];
      if (Float.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return lo <= hi ? new float[] {lo, hi} : new float[] {Float.NaN, Float.NaN};
  }

  /** {@code v} mapped to [0, 1] by {@code range}; NaN for a value that is not finite. */
  private static float normalize(float v, float[] range) {
    if (!Float.isFinite(v)) {
      return Float.NaN;
    }
    float span = range[1] - range[0];
    return span > 0 ? (v - range[0]) / span : 0.5f;
  }

  private static int gray(float t) {
    if (Float.isNaN(t)) {
      return NOT_FINITE.getRGB();
    }
    int l = level(t);
    return 0xff000000 | l << 16 | l << 8 | l;
  }

  private static int level(float t) {
    return Math.round(t * 255f);
  }

  private static void block(BufferedImage img, int x, int y, int scale, int rgb) {
    for (int dy = 0; dy < scale; dy++) {
      for (int dx = 0; dx < scale; dx++) {
        img.setRGB(x + dx, y + dy, rgb);
      }
    }
  }
}
