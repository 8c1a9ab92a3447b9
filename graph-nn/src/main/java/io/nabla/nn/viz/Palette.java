package io.nabla.nn.viz;

import java.awt.Color;

/**
 * Colours for classes: a saturated colour for points and a light tint of it for the regions a
 * classifier assigns to the class. The first ten are Tableau 10 (distinguishable, also in
 * print); further classes walk round the hue circle by the golden angle.
 */
final class Palette {
  private static final int[] TABLEAU10 = {
    0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
    0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac,
  };
  /** Share of the class colour in a region's tint; the rest is white. */
  private static final float TINT = 0.35f;
  /** The outline of every point: dark enough to see on any tint. */
  static final Color OUTLINE = new Color(0x20, 0x20, 0x20);
  /** Regions where the classifier's scores were NaN or infinite. */
  static final Color NO_PREDICTION = new Color(0x55, 0x55, 0x55);

  private Palette() {}

  /** The saturated colour of class {@code k}. */
  static Color point(int k) {
    if (k < TABLEAU10.length) {
      return new Color(TABLEAU10[k]);
    }
    float hue = (float) ((k * 0.618033988749895) % 1.0);
    return Color.getHSBColor(hue, 0.65f, 0.85f);
  }

  /** The light tint of class {@code k} that fills its region. */
  static Color region(int k) {
    Color c = point(k);
    return new Color(tint(c.getRed()), tint(c.getGreen()), tint(c.getBlue()));
  }

  private static int tint(int channel) {
    return Math.round(TINT * channel + (1 - TINT) * 255);
  }
}
