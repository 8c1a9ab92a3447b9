package io.nabla.nn.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The drawing surface every picture starts from: a white RGB image, anti-aliased text in the
 * standard sans-serif fonts, and text measurement before the image exists (for layout).
 *
 * <p>Loading this class puts AWT in headless mode unless the application chose otherwise, so
 * pictures render on machines without a display (CI, servers).
 */
final class Canvas implements AutoCloseable {
  static {
    Headless.ensure();
  }

  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  static final Font NOTE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  static final Color INK = new Color(0x22, 0x22, 0x22);
  static final Color MUTED = new Color(0x66, 0x66, 0x66);
  /** Thin separators between tiles: visible against both black and white pixels. */
  static final Color SEPARATOR = new Color(0x9f, 0xb4, 0xd0);
  /** Outer margin of every picture, in pixels. */
  static final int MARGIN = 10;

  private static final Graphics2D MEASURE =
      new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();

  final BufferedImage image;
  final Graphics2D g;

  Canvas(int width, int height, Color background) {
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setColor(background);
    g.fillRect(0, 0, width, height);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
  }

  Canvas(int width, int height) {
    this(width, height, Color.WHITE);
  }

  /** Width of {@code text} in {@code font}, in pixels. */
  static int width(Font font, String text) {
    synchronized (MEASURE) {
      return MEASURE.getFontMetrics(font).stringWidth(text);
    }
  }

  /** Line height of {@code font} (ascent + descent + leading), in pixels. */
  static int lineHeight(Font font) {
    synchronized (MEASURE) {
      return MEASURE.getFontMetrics(font).getHeight();
    }
  }

  /** Draws {@code text} with its top-left corner at (x, top). */
  void text(String text, Font font, Color color, int x, int top) {
    g.setFont(font);
    g.setColor(color);
    FontMetrics fm = g.getFontMetrics();
    g.drawString(text, x, top + fm.getLeading() + fm.getAscent());
  }

  /** Fills a rectangle; tiles use it for their separators. */
  void fill(Color color, int x, int y, int width, int height) {
    g.setColor(color);
    g.fillRect(x, y, width, height);
  }

  @Override
  public void close() {
    g.dispose();
  }
}
