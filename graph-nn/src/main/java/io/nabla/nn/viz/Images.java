package io.nabla.nn.viz;

import io.nabla.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Gray images in a grid: a batch of examples, or an auto-encoder's inputs above its
 * reconstructions. Values are clamped to [0, 1] (0 black, 1 white) rather than stretched, so
 * two pictures of the same kind are comparable; NaN or infinite pixels show as magenta.
 *
 * <pre>{@code
 * Images.sideBySide(batch, r.get(reconstruction), Path.of("out/autoencoder.png"));
 * }</pre>
 */
public final class Images {
  static {
    Headless.ensure();
  }

  /** Image pairs per band in {@link #sideBySide}; more pairs wrap into further bands. */
  public static final int PAIRS_PER_ROW = 16;
  /** Images are enlarged to about this many pixels on their longer side. */
  static final int TARGET_TILE = 64;
  static final int GAP = 2;
  /** Extra space between two bands of {@link #sideBySide}. */
  static final int BAND_GAP = 8;

  private Images() {}

  /**
   * Writes {@code images} as a grid with {@code columns} images per row to {@code png},
   * atomically (the file is replaced only once the new picture is complete).
   *
   * @param images {@code [n,1,H,W]} or {@code [n,H,W]}, values in [0, 1]
   * @param columns images per row, at least 1
   * @param png the file to write; missing parent directories are created
   * @throws IllegalArgumentException if {@code images} has another shape or is empty, or
   *     {@code columns < 1}
   */
  public static void write(Tensor images, int columns, Path png) throws IOException {
    int[] nhw = nhw(images, "images");
    if (columns < 1) {
      throw new IllegalArgumentException("columns is " + columns + "; it must be at least 1");
    }
    int n = nhw[0];
    int cols = Math.min(columns, n);
    int rows = (n + cols - 1) / cols;
    Grid grid = new Grid(nhw[1], nhw[2], cols, rows);
    try (Canvas cv = new Canvas(grid.width() + 2 * Canvas.MARGIN,
        grid.height() + 2 * Canvas.MARGIN)) {
      for (int i = 0; i < n; i++) {
        grid.draw(cv, Canvas.MARGIN, Canvas.MARGIN, i / cols, i % cols, images.data(), i);
      }
      AtomicPng.write(cv.image, png);
    }
  }

  /**
   * Writes {@code top[i]} above {@code bottom[i]} for every i — an auto-encoder's inputs above
   * its reconstructions — to {@code png}, atomically. Up to {@value #PAIRS_PER_ROW} pairs sit
   * side by side; more wrap into further bands below.
   *
   * @param top {@code [n,1,H,W]} or {@code [n,H,W]}, values in [0, 1]
   * @param bottom the same number of images of the same size as {@code top}
   * @param png the file to write; missing parent directories are created
   * @throws IllegalArgumentException if a tensor has another shape, or they hold different
   *     numbers or sizes of images
   */
  public static void sideBySide(Tensor top, Tensor bottom, Path png) throws IOException {
    int[] t = nhw(top, "top");
    int[] b = nhw(bottom, "bottom");
    if (t[0] != b[0] || t[1] != b[1] || t[2] != b[2]) {
      throw new IllegalArgumentException("top and bottom must hold as many images of the same"
          + " size but are " + top.shape().describe() + " and " + bottom.shape().describe());
    }
    int n = t[0];
    int cols = Math.min(n, PAIRS_PER_ROW);
    int bands = (n + cols - 1) / cols;
    Grid band = new Grid(t[1], t[2], cols, 2);
    int height = bands * band.height() + (bands - 1) * BAND_GAP;
    try (Canvas cv = new Canvas(band.width() + 2 * Canvas.MARGIN,
        height + 2 * Canvas.MARGIN)) {
      for (int k = 0; k < bands; k++) {
        int y0 = Canvas.MARGIN + k * (band.height() + BAND_GAP);
        int inBand = Math.min(cols, n - k * cols);
        for (int j = 0; j < inBand; j++) {
          int i = k * cols + j;
          band.draw(cv, Canvas.MARGIN, y0, 0, j, top.data(), i);
          band.draw(cv, Canvas.MARGIN, y0, 1, j, bottom.data(), i);
        }
      }
      AtomicPng.write(cv.image, png);
    }
  }

  /** {n, H, W} of a stack of gray images {@code [n,1,H,W]} or {@code [n,H,W]}. */
  private static int[] nhw(Tensor t, String what) {
    VizChecks.notNull(t, what);
    int[] d = t.shape().dims();
    int[] nhw = d.length == 3 ? d
        : d.length == 4 && d[1] == 1 ? new int[] {d[0], d[2], d[3]} : null;
    if (nhw == null) {
      throw new IllegalArgumentException(
          what + " must be [n,1,H,W] or [n,H,W] but " + VizChecks.verb(what) + " "
              + t.shape().describe());
    }
    VizChecks.notEmpty(t, what);
    return nhw;
  }

  /** Placement of equally sized image tiles in rows and columns, separated by GAP. */
  private record Grid(int h, int w, int cols, int rows) {
    int scale() {
      return Math.max(1, TARGET_TILE / Math.max(h, w));
    }

    int width() {
      return cols * (w * scale() + GAP) + GAP;
    }

    int height() {
      return rows * (h * scale() + GAP) + GAP;
    }

    /** Draws image {@code index} of {@code data} at (row, col), framed by separators. */
    void draw(Canvas cv, int x0, int y0, int row, int col, float[] data, int index) {
      int s = scale();
      int x = x0 + GAP + col * (w * s + GAP);
      int y = y0 + GAP + row * (h * s + GAP);
      cv.fill(Canvas.SEPARATOR, x - GAP, y - GAP, w * s + 2 * GAP, h * s + 2 * GAP);
      Tiles.grayClamped(cv.image, x, y, data, index * h * w, h, w, s);
    }
  }
}
