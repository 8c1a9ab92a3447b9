package io.nabla.nn.viz;

import io.nabla.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A picture of convolution filters, typically the first layer's, where the learned weights
 * look like edge and blob detectors.
 *
 * <p>Filters {@code [F,C,kH,kW]} are drawn as small gray images, one tile per (filter, channel),
 * each stretched to its own range (black = the tile's smallest weight, white = its largest) and
 * enlarged by nearest neighbour. One-channel filters are laid out in a grid; three-channel
 * filters become one colour tile each; other filters get one row per filter, one tile per input
 * channel (the first {@value #MAX_CHANNELS} channels).
 *
 * <pre>{@code
 * FilterGrid.write(session.state(conv1Weight), "conv1", Path.of("out/conv1-filters.png"));
 * }</pre>
 */
public final class FilterGrid {
  static {
    Headless.ensure();
  }

  /** Tiles per row when each filter is a single tile. */
  static final int COLUMNS = 8;
  /** Input channels drawn per filter row when filters have neither 1 nor 3 channels. */
  static final int MAX_CHANNELS = 16;
  static final int GAP = 3;
  private static final int MIN_WIDTH = 240;

  private FilterGrid() {}

  /**
   * Writes the filters titled {@code "filters F×C×kH×kW"}; see
   * {@link #write(Tensor, String, Path)}.
   */
  public static void write(Tensor filters, Path png) throws IOException {
    write(filters, null, png);
  }

  /**
   * Writes a grid picture of {@code filters} to {@code png}, atomically (the file is replaced
   * only once the new picture is complete).
   *
   * @param filters convolution weights {@code [F,C,kH,kW]}
   * @param layerName names the layer in the title, e.g. {@code "conv1"} gives
   *     {@code "conv1 filters 6×1×5×5"}; {@code null} or blank leaves it out
   * @param png the file to write; missing parent directories are created
   * @throws IllegalArgumentException if {@code filters} is not a non-empty rank-4 tensor
   */
  public static void write(Tensor filters, String layerName, Path png) throws IOException {
    VizChecks.rank(filters, 4, "filters", "[F,C,kH,kW]");
    VizChecks.notEmpty(filters, "filters");
    int[] d = filters.shape().dims();
    int f = d[0];
    int c = d[1];
    int kh = d[2];
    int kw = d[3];
    boolean single = c == 1 || c == 3;
    int shownChannels = single ? 1 : Math.min(c, MAX_CHANNELS);

    int scale = scaleFor(kh, kw);
    int tileW = kw * scale;
    int tileH = kh * scale;
    int cols = single ? Math.min(f, COLUMNS) : shownChannels;
    int rows = single ? (f + cols - 1) / cols : f;
    String rowLabelWidest = "f" + (f - 1);
    int labelW = single ? 0 : Canvas.width(Canvas.NOTE, rowLabelWidest) + 6;

    String title = (layerName == null || layerName.isBlank() ? "" : layerName.strip() + " ")
        + "filters " + f + "×" + c + "×" + kh + "×" + kw;
    String note = (c == 3 ? "one colour tile per filter, scaled to its own min..max"
        : "black = tile min, white = tile max")
        + (single || shownChannels == c ? ""
            : "; first " + shownChannels + " of " + c + " channels");

    int gridW = labelW + cols * tileW + (cols + 1) * GAP;
    int gridH = rows * tileH + (rows + 1) * GAP;
    int titleH = Canvas.lineHeight(Canvas.TITLE);
    int noteH = Canvas.lineHeight(Canvas.NOTE);
    int width = 2 * Canvas.MARGIN + Math.max(Math.max(gridW, MIN_WIDTH),
        Math.max(Canvas.width(Canvas.TITLE, title), Canvas.width(Canvas.NOTE, note)));
    int height = 2 * Canvas.MARGIN + titleH + noteH + 6 + gridH;

    float[] w = filters.data();
    int plane = kh * kw;
    try (Canvas cv = new Canvas(width, height)) {
      cv.text(title, Canvas.TITLE, Canvas.INK, Canvas.MARGIN, Canvas.MARGIN);
      cv.text(note, Canvas.NOTE, Canvas.MUTED, Canvas.MARGIN, Canvas.MARGIN + titleH);
      int gx = Canvas.MARGIN + labelW;
      int gy = Canvas.MARGIN + titleH + noteH + 6;
      for (int i = 0; i < f; i++) {
        int row = single ? i / cols : i;
        int y = gy + GAP + row * (tileH + GAP);
        if (!single) {
          cv.text("f" + i, Canvas.NOTE, Canvas.MUTED, Canvas.MARGIN,
              y + (tileH - Canvas.lineHeight(Canvas.NOTE)) / 2);
        }
        for (int ch = 0; ch < shownChannels; ch++) {
          int col = single ? i % cols : ch;
          int x = gx + GAP + col * (tileW + GAP);
          int offset = (i * c + ch) * plane;
          // Each tile gets its own frame, so a half-filled last row has no empty boxes.
          cv.fill(Canvas.SEPARATOR, x - GAP, y - GAP, tileW + 2 * GAP, tileH + 2 * GAP);
          if (c == 3) {
            Tiles.rgbNormalized(cv.image, x, y, w, offset, kh, kw, scale);
          } else {
            Tiles.grayNormalized(cv.image, x, y, w, offset, kh, kw, scale);
          }
        }
      }
      AtomicPng.write(cv.image, png);
    }
  }

  /** Pixels per weight: 8 to 16, aiming at tiles about 64 pixels wide. */
  static int scaleFor(int kh, int kw) {
    return Math.max(8, Math.min(16, 64 / Math.max(kh, kw)));
  }
}
