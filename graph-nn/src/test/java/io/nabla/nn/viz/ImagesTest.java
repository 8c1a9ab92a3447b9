package io.nabla.nn.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
  @TempDir Path dir;

  @Test
  void gridHasTheRequestedColumnsAndClampsValues() throws IOException {
    // Five 4×4 images; image i is filled with a value that is clamped to [0, 1].
    float[] fill = {-1f, 0f, 0.5f, 1f, 7f};
    Tensor images = Tensor.fromFunction(Shape.of(5, 1, 4, 4), i -> fill[i / 16]);
    Path png = dir.resolve("grid.png");

    Images.write(images, 2, png);

    BufferedImage img = Pngs.read(png);
    int s = Images.TARGET_TILE / 4;
    int tile = 4 * s + Images.GAP;
    Rectangle grid = Pngs.boundsOf(img, Canvas.SEPARATOR);
    assertEquals(2 * tile + Images.GAP, grid.width, "two columns");
    assertEquals(3 * tile + Images.GAP, grid.height, "three rows");
    int[] expected = {0, 0, 128, 255, 255};
    for (int i = 0; i < 5; i++) {
      int x = grid.x + Images.GAP + (i % 2) * tile + s;
      int y = grid.y + Images.GAP + (i / 2) * tile + s;
      assertEquals(expected[i], Pngs.gray(img, x, y), "image " + i);
    }
  }

  @Test
  void sideBySidePutsReconstructionsUnderInputsAndWrapsIntoBands() throws IOException {
    int n = Images.PAIRS_PER_ROW + 2;
    Tensor top = Tensor.filled(Shape.of(n, 8, 8), 1f);
    Tensor bottom = Tensor.zeros(n, 1, 8, 8);
    bottom.data()[(n - 1) * 64] = 1f;   // last reconstruction: white top-left pixel
    Path png = dir.resolve("pairs.png");

    Images.sideBySide(top, bottom, png);

    BufferedImage img = Pngs.read(png);
    int s = Images.TARGET_TILE / 8;
    int tile = 8 * s + Images.GAP;
    Rectangle all = Pngs.boundsOf(img, Canvas.SEPARATOR);
    assertEquals(Images.PAIRS_PER_ROW * tile + Images.GAP, all.width);
    int band = 2 * tile + Images.GAP;
    assertEquals(2 * band + Images.BAND_GAP, all.height, "two bands of two rows");
    int x = all.x + Images.GAP + s;
    int y = all.y + Images.GAP + s;
    assertEquals(255, Pngs.gray(img, x, y), "input on top");
    assertEquals(0, Pngs.gray(img, x, y + tile), "reconstruction below");
    int lastX = all.x + Images.GAP + tile;       // pair n-1 is column 1 of band 2
    int lastY = all.y + band + Images.BAND_GAP + Images.GAP + tile;
    assertEquals(255, Pngs.gray(img, lastX, lastY));
    assertEquals(0, Pngs.gray(img, lastX + s, lastY));
  }

  @Test
  void badShapesNameExpectedAndActual() {
    Path png = dir.resolve("bad.png");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Images.write(Tensor.zeros(4, 3, 8, 8), 2, png));
    assertEquals("images must be [n,1,H,W] or [n,H,W] but are f32[4,3,8,8]", e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> Images.write(Tensor.zeros(4, 8, 8), 0, png));
    assertEquals("columns is 0; it must be at least 1", e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> Images.sideBySide(Tensor.zeros(4, 8, 8), Tensor.zeros(3, 1, 8, 8), png));
    assertEquals("top and bottom must hold as many images of the same size but are"
        + " f32[4,8,8] and f32[3,1,8,8]", e.getMessage());
  }
}
