package io.nabla.nn.viz;

import io.nabla.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A picture of what a network sees: one input image on the first row, then one row per layer
 * showing its activation maps for that image, each channel as a gray tile.
 *
 * <p>Each tile is stretched to its own range (black = the map's smallest value, white = its
 * largest) and enlarged by nearest neighbour so that even 4×4 maps are visible. A row shows at
 * most {@value #MAX_PER_ROW} channels and its label says so, e.g.
 * {@code "conv2  32×10×10 (first 16 of 32)"}.
 *
 * <pre>{@code
 * FeatureMaps.write(image, List.of(
 *     new FeatureMaps.NamedMap("conv1/relu", r.get(relu1)),
 *     new FeatureMaps.NamedMap("pool1", r.get(pool1))), Path.of("out/feature-maps.png"));
 * }</pre>
 */
public final class FeatureMaps {
  static {
    Headless.ensure();
  }

  /** Channels drawn per row at most. */
  public static final int MAX_PER_ROW = 16;
  /** Tiles are enlarged to about this many pixels on their longer side. */
  static final int TARGET_TILE = 96;
  static final int GAP = 3;
  private static final int ROW_SPACING = 8;
  private static final int MIN_WIDTH = 240;

  private FeatureMaps() {}

  /**
   * The activations of one layer for one example.
   *
   * @param name the layer's name, printed as the row label (e.g. {@code "conv1/relu"})
   * @param activations {@code [C,H,W]} or {@code [1,C,H,W]}
   */
  public record NamedMap(String name, Tensor activations) {}

  /**
   * Writes the input and the layers' maps to {@code png}, atomically (the file is replaced only
   * once the new picture is complete).
   *
   * @param input the example, {@code [C,H,W]} or {@code [1,C,H,W]}; three channels are drawn
   *     as one colour image, any other number as one gray tile per channel
   * @param maps one entry per layer, drawn top to bottom in list order
   * @param png the file to write; missing parent directories are created
   * @throws IllegalArgumentException if a tensor is not {@code [C,H,W]} or {@code [1,C,H,W]}
   *     (the message names the layer and its shape), or a name is missing
   */
  public static void write(Tensor input, List<NamedMap> maps, Path png) throws IOException {
    if (maps == null) {
      throw new IllegalArgumentException("maps is null; pass List.of() to draw the input alone");
    }
    List<Row> rows = new ArrayList<>();
    int[] in = VizChecks.chw(input, "input");
    rows.add(new Row("input", input.data(), in, in[0] == 3));
    for (int i = 0; i < maps.size(); i++) {
      NamedMap m = maps.get(i);
      if (m == null || m.name() == null || m.name().isBlank()) {
        throw new IllegalArgumentException("maps[" + i + "] needs a name and activations");
      }
      String what = "activations of '" + m.name() + "'";
      rows.add(new Row(m.name(), m.activations().data(), VizChecks.chw(
          VizChecks.notNull(m.activations(), what), what), false));
    }

    int labelH = Canvas.lineHeight(Canvas.LABEL);
    String title = "feature maps";
    String note = "each tile scaled to its own min..max (black..white)";
    int titleH = Canvas.lineHeight(Canvas.TITLE);
    int noteH = Canvas.lineHeight(Canvas.NOTE);
    int width = Math.max(MIN_WIDTH, Math.max(Canvas.width(Canvas.TITLE, title),
        Canvas.width(Canvas.NOTE, note)));
    int height = titleH + noteH + ROW_SPACING;
    for (Row r : rows) {
      width = Math.max(width, Math.max(r.width(), Canvas.width(Canvas.LABEL, r.label())));
      height += labelH + r.height() + ROW_SPACING;
    }
    width += 2 * Canvas.MARGIN;
    height += 2 * Canvas.MARGIN - ROW_SPACING;

    try (Canvas cv = new Canvas(width, height)) {
      int y = Canvas.MARGIN;
      cv.text(title, Canvas.TITLE, Canvas.INK, Canvas.MARGIN, y);
      y += titleH;
      cv.text(note, Canvas.NOTE, Canvas.MUTED, Canvas.MARGIN, y);
      y += noteH + ROW_SPACING;
      for (Row r : rows) {
        cv.text(r.label(), Canvas.LABEL, Canvas.INK, Canvas.MARGIN, y);
        y += labelH;
        r.draw(cv, Canvas.MARGIN, y);
        y += r.height() + ROW_SPACING;
      }
      AtomicPng.write(cv.image, png);
    }
  }

  /** One row of tiles: the channels of one tensor. */
  private record Row(String name, float[] data, int[] chw, boolean rgb) {
    int channels() {
      return chw[0];
    }

    int tiles() {
      return rgb ? 1 : Math.min(channels(), MAX_PER_ROW);
    }

    int scale() {
      return Math.max(1, TARGET_TILE / Math.max(chw[1], chw[2]));
    }

    String label() {
      String dims = channels() + "×" + chw[1] + "×" + chw[2];
      String capped = tiles() < channels() && !rgb
          ? " (first " + tiles() + " of " + channels() + ")" : "";
      return name + "  " + dims + capped;
    }

    int width() {
      return tiles() * (chw[2] * scale() + GAP) + GAP;
    }

    int height() {
      return chw[1] * scale() + 2 * GAP;
    }

    void draw(Canvas cv, int x0, int y0) {
      cv.fill(Canvas.SEPARATOR, x0, y0, width(), height());
      int h = chw[1];
      int w = chw[2];
      int s = scale();
      for (int t = 0; t < tiles(); t++) {
        int x = x0 + GAP + t * (w * s + GAP);
        if (rgb) {
          Tiles.rgbNormalized(cv.image, x, y0 + GAP, data, 0, h, w, s);
        } else {
          Tiles.grayNormalized(cv.image, x, y0 + GAP, data, t * h * w, h, w, s);
        }
      }
    }
  }
}
