package io.nabla.nn.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.viz.FeatureMaps.NamedMap;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureMapsTest {
  @TempDir Path dir;

  /** Vertical extent [top, bottom) of each row of tiles: runs of separator along the left edge. */
  private static List<int[]> rows(BufferedImage img) {
    int sep = Pngs.rgb(Canvas.SEPARATOR);
    List<int[]> rows = new ArrayList<>();
    int start = -1;
    for (int y = 0; y <= img.getHeight(); y++) {
      boolean on = y < img.getHeight() && Pngs.rgb(img, Canvas.MARGIN, y) == sep;
      if (on && start < 0) {
        start = y;
      } else if (!on && start >= 0) {
        rows.add(new int[] {start, y});
        start = -1;
      }
    }
    return rows;
  }

  /** Length of the separator run along row {@code y} from the left margin. */
  private static int rowWidth(BufferedImage img, int y) {
    int sep = Pngs.rgb(Canvas.SEPARATOR);
    int x = Canvas.MARGIN;
    while (x < img.getWidth() && Pngs.rgb(img, x, y) == sep) {
      x++;
    }
    return x - Canvas.MARGIN;
  }

  @Test
  void inputThenOneRowPerLayerWithSmallMapsEnlarged() throws IOException {
    Tensor input = Tensor.fromFunction(Shape.of(1, 1, 28, 28), i -> (i % 28) / 27.0);
    Tensor conv1 = Tensor.fromFunction(Shape.of(6, 24, 24), i -> Math.sin(i));
    // 32 channels of 5×5; channel 3 peaks at its bottom-right corner, is lowest top-left.
    Tensor conv2 = Tensor.fromFunction(Shape.of(1, 32, 5, 5), i -> 0.5);
    for (int k = 0; k < 25; k++) {
      conv2.data()[3 * 25 + k] = k;
    }
    Path png = dir.resolve("maps.png");

    FeatureMaps.write(input, List.of(new NamedMap("conv1", conv1), new NamedMap("conv2", conv2)),
        png);

    BufferedImage img = Pngs.read(png);
    List<int[]> rows = rows(img);
    assertEquals(3, rows.size(), "input row + two layer rows");
    int gap = FeatureMaps.GAP;
    int s5 = FeatureMaps.TARGET_TILE / 5;
    int[] last = rows.get(2);
    assertEquals(5 * s5 + 2 * gap, last[1] - last[0], "5×5 maps enlarged to ~96 px");
    assertEquals(FeatureMaps.MAX_PER_ROW * (5 * s5 + gap) + gap, rowWidth(img, last[0]),
        "32 channels capped at 16 tiles");
    assertEquals(6 * (24 * 4 + gap) + gap, rowWidth(img, rows.get(1)[0]), "six conv1 tiles");

    int x = Canvas.MARGIN + gap + 3 * (5 * s5 + gap);
    int y = last[0] + gap;
    assertEquals(0, Pngs.gray(img, x, y), "channel 3 top-left is its minimum");
    assertEquals(255, Pngs.gray(img, x + 5 * s5 - 1, y + 5 * s5 - 1), "bottom-right its max");
    assertEquals(128, Pngs.gray(img, x - gap - 1, y), "constant channel 2 is mid-gray");
  }

  @Test
  void aThreeChannelInputIsOneColourImage() throws IOException {
    Tensor input = Tensor.zeros(3, 4, 4);
    input.data()[0] = 1f;          // red at (0,0)
    input.data()[32 + 5] = 1f;     // blue at (1,1)
    Path png = dir.resolve("rgb.png");

    FeatureMaps.write(input, List.of(), png);

    BufferedImage img = Pngs.read(png);
    int[] row = rows(img).get(0);
    int s = FeatureMaps.TARGET_TILE / 4;
    assertEquals(4 * s + 2 * FeatureMaps.GAP, rowWidth(img, row[0]), "a single tile");
    int x = Canvas.MARGIN + FeatureMaps.GAP;
    int y = row[0] + FeatureMaps.GAP;
    assertEquals(0xff0000, Pngs.rgb(img, x, y));
    assertEquals(0x0000ff, Pngs.rgb(img, x + s, y + s));
  }

  @Test
  void badShapesNameTheLayer() {
    Path png = dir.resolve("bad.png");
    Tensor input = Tensor.zeros(1, 8, 8);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FeatureMaps.write(input,
            List.of(new NamedMap("conv1", Tensor.zeros(2, 6, 4, 4))), png));
    assertEquals("activations of 'conv1' must be [C,H,W] or [1,C,H,W] but are f32[2,6,4,4];"
        + " pass a single example, not a batch of 2", e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> FeatureMaps.write(Tensor.zeros(64), List.of(), png));
    assertEquals("input must be [C,H,W] or [1,C,H,W] but is f32[64]", e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> FeatureMaps.write(input, List.of(new NamedMap(" ", input)), png));
    assertEquals("maps[0] needs a name and activations", e.getMessage());
    assertTrue(java.nio.file.Files.notExists(png));
  }
}
