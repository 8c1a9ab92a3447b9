package io.nabla.nn.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterGridTest {
  @TempDir Path dir;

  @Test
  void onePositiveWeightMakesItsPixelTheBrightestOfItsTile() throws IOException {
    // Two 5×5 filters of negative noise, each with one positive weight; the second filter is
    // 100 times smaller, so only per-tile normalisation makes its peak white too.
    Random rnd = new Random(7);
    Tensor filters = Tensor.fromFunction(Shape.of(2, 1, 5, 5),
        i -> -rnd.nextDouble() * (i < 25 ? 1 : 0.01));
    filters.data()[0] = 3f;                 // filter 0 at (0,0)
    filters.data()[25 + 2 * 5 + 3] = 0.03f; // filter 1 at (2,3)
    Path png = dir.resolve("filters.png");

    FilterGrid.write(filters, "conv1", png);

    BufferedImage img = Pngs.read(png);
    assertTrue(img.getWidth() >= 200, "width " + img.getWidth());
    int s = FilterGrid.scaleFor(5, 5);
    assertTrue(s >= 8, "each weight should be at least 8 px, is " + s);
    Rectangle grid = Pngs.boundsOf(img, Canvas.SEPARATOR);
    assertNotNull(grid, "no tile separators drawn");
    assertEquals(2 * (5 * s + FilterGrid.GAP) + FilterGrid.GAP, grid.width, "two tiles in a row");
    int x0 = grid.x + FilterGrid.GAP;
    int x1 = x0 + 5 * s + FilterGrid.GAP;
    int y = grid.y + FilterGrid.GAP;
    assertBrightestAt(img, x0, y, s, 0, 0);
    assertBrightestAt(img, x1, y, s, 2, 3);
  }

  /** In the 5×5 tile at (x, y), the weight (row, col) is white and no other weight is. */
  private static void assertBrightestAt(BufferedImage img, int x, int y, int s, int row, int col) {
    int darkest = 255;
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        // The centre of the weight's block, and its far corner: nearest-neighbour blocks are flat.
        int level = Pngs.gray(img, x + j * s + s / 2, y + i * s + s / 2);
        assertEquals(level, Pngs.gray(img, x + j * s + s - 1, y + i * s + s - 1));
        if (i == row && j == col) {
          assertEquals(255, level, "weight (" + i + "," + j + ")");
        } else {
          assertTrue(level < 255, "weight (" + i + "," + j + ") is as bright as the peak");
          darkest = Math.min(darkest, level);
        }
      }
    }
    assertEquals(0, darkest, "the smallest weight of a tile is black");
  }

  @Test
  void threeChannelsMakeOneColourTile() throws IOException {
    Tensor filters = Tensor.zeros(1, 3, 3, 3);
    filters.data()[0] = 1f;           // red plane (0,0)
    filters.data()[9 + 4] = 1f;       // green plane (1,1)
    Path png = dir.resolve("rgb.png");

    FilterGrid.write(filters, png);

    BufferedImage img = Pngs.read(png);
    Rectangle grid = Pngs.boundsOf(img, Canvas.SEPARATOR);
    int s = FilterGrid.scaleFor(3, 3);
    assertEquals(3 * s + 2 * FilterGrid.GAP, grid.width, "one tile");
    int x = grid.x + FilterGrid.GAP;
    int y = grid.y + FilterGrid.GAP;
    assertEquals(0xff0000, Pngs.rgb(img, x, y));
    assertEquals(0x00ff00, Pngs.rgb(img, x + s, y + s));
    assertEquals(0x000000, Pngs.rgb(img, x + 2 * s, y + 2 * s));
  }

  @Test
  void manyChannelsGetOneRowPerFilterAndAreCapped() throws IOException {
    Random rnd = new Random(1);
    Tensor filters = Tensor.fromFunction(Shape.of(2, 20, 3, 3), i -> rnd.nextGaussian());
    Path png = dir.resolve("deep.png");

    FilterGrid.write(filters, "conv2", png);

    Rectangle grid = Pngs.boundsOf(Pngs.read(png), Canvas.SEPARATOR);
    int tile = 3 * FilterGrid.scaleFor(3, 3) + FilterGrid.GAP;
    assertEquals(FilterGrid.MAX_CHANNELS * tile + FilterGrid.GAP, grid.width);
    assertEquals(2 * tile + FilterGrid.GAP, grid.height);
  }

  @Test
  void aConstantFilterIsMidGrayAndANanWeightIsFlagged() throws IOException {
    Tensor filters = Tensor.filled(Shape.of(1, 1, 2, 2), 0.3f);
    filters.data()[3] = Float.NaN;
    Path png = dir.resolve("flat.png");

    FilterGrid.write(filters, png);

    BufferedImage img = Pngs.read(png);
    Rectangle grid = Pngs.boundsOf(img, Canvas.SEPARATOR);
    int s = FilterGrid.scaleFor(2, 2);
    int x = grid.x + FilterGrid.GAP;
    int y = grid.y + FilterGrid.GAP;
    assertEquals(128, Pngs.gray(img, x, y));
    assertEquals(Pngs.rgb(Tiles.NOT_FINITE), Pngs.rgb(img, x + s, y + s));
  }

  @Test
  void badShapesNameExpectedAndActual() {
    Path png = dir.resolve("bad.png");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FilterGrid.write(Tensor.zeros(6, 25), png));
    assertEquals("filters must be [F,C,kH,kW] but are f32[6,25]", e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> FilterGrid.write(Tensor.zeros(0, 1, 5, 5), png));
    assertEquals("filters are empty (f32[0,1,5,5]); there is nothing to draw", e.getMessage());
    assertTrue(Files.notExists(png));
  }
}
