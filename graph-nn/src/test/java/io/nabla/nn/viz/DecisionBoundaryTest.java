package io.nabla.nn.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionBoundaryTest {
  @TempDir Path dir;

  /** Points spanning x in [-2, 2], y in [-1, 1]; the last one is labelled 1 but lies at x < 0. */
  private final Tensor points = Tensor.matrix(new float[][] {
      {-2, -1}, {-1, 1}, {1, -1}, {2, 1}, {-1.5f, 0}});
  private final Tensor labels = Tensor.vector(0, 0, 1, 1, 1);

  /** Scores [m,2] of the classifier "class 1 when x > 0". */
  private static Tensor rightIsClassOne(Tensor xy) {
    int m = xy.shape().dim(0);
    return Tensor.fromFunction(Shape.of(m, 2),
        i -> (i % 2 == 1) == (xy.data()[2 * (i / 2)] > 0) ? 1 : 0);
  }

  @Test
  void classifierIsCalledOnceOnTheWholeGrid() throws IOException {
    List<Tensor> calls = new ArrayList<>();
    Function<Tensor, Tensor> f = xy -> {
      calls.add(xy.copy());
      return rightIsClassOne(xy);
    };

    DecisionBoundary.write(f, points, labels, dir.resolve("b.png"));

    assertEquals(1, calls.size());
    Tensor grid = calls.get(0);
    int cells = DecisionBoundary.GRID * DecisionBoundary.GRID;
    assertEquals(Shape.of(cells, 2), grid.shape());
    float[] g = grid.data();
    float xmin = Float.MAX_VALUE;
    float xmax = -Float.MAX_VALUE;
    for (int i = 0; i < cells; i++) {
      xmin = Math.min(xmin, g[2 * i]);
      xmax = Math.max(xmax, g[2 * i]);
    }
    // Bounding box [-2, 2] plus 10 % (0.4) on each side, sampled at cell centres.
    assertEquals(-2.4, xmin, 0.02);
    assertEquals(2.4, xmax, 0.02);
  }

  @Test
  void regionsSplitAtTheClassifiersBoundary() throws IOException {
    Path png = dir.resolve("b.png");

    DecisionBoundary.write(DecisionBoundaryTest::rightIsClassOne, points, labels, "x > 0", png);

    BufferedImage img = Pngs.read(png);
    int left = Pngs.rgb(Palette.region(0));
    int right = Pngs.rgb(Palette.region(1));
    int rowsChecked = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      int lastLeft = -1;
      int firstRight = Integer.MAX_VALUE;
      int first = Integer.MAX_VALUE;
      int last = -1;
      // Only the plot: the legend swatches to its right use the same colours.
      for (int x = 0; x <= DecisionBoundary.LEFT + DecisionBoundary.PLOT; x++) {
        int p = Pngs.rgb(img, x, y);
        if (p == left || p == right) {
          first = Math.min(first, x);
          last = x;
          if (p == left) {
            lastLeft = x;
          } else {
            firstRight = Math.min(firstRight, x);
          }
        }
      }
      if (lastLeft < 0 || firstRight == Integer.MAX_VALUE || first != DecisionBoundary.LEFT + 1) {
        continue;
      }
      rowsChecked++;
      assertTrue(lastLeft < firstRight, "row " + y + ": class-0 colour right of class 1");
      double centre = DecisionBoundary.LEFT + DecisionBoundary.PLOT / 2.0;
      assertEquals(centre, firstRight, DecisionBoundary.CELL + 1, "row " + y + ": boundary");
      assertTrue(last > DecisionBoundary.LEFT + DecisionBoundary.PLOT * 0.95, "row " + y);
    }
    assertTrue(rowsChecked > DecisionBoundary.PLOT * 0.9, rowsChecked + " rows in the plot");
  }

  @Test
  void pointsTakeTheColourOfTheirTrueLabel() throws IOException {
    Path png = dir.resolve("b.png");

    DecisionBoundary.write(DecisionBoundaryTest::rightIsClassOne, points, labels, png);

    BufferedImage img = Pngs.read(png);
    int top = topOfPlot(img);
    // Box: x in [-2.4, 2.4], y in [-1.2, 1.2], 400 px each way.
    assertEquals(Pngs.rgb(Palette.point(0)), Pngs.rgb(img, pixelX(-1), top + pixelY(1)));
    assertEquals(Pngs.rgb(Palette.point(1)), Pngs.rgb(img, pixelX(1), top + pixelY(-1)));
    // Misclassified: in the class-0 region, drawn in class 1's colour.
    assertEquals(Pngs.rgb(Palette.point(1)), Pngs.rgb(img, pixelX(-1.5), top + pixelY(0)));
  }

  @Test
  void aSinglePointGetsAUnitBoxAroundIt() throws IOException {
    List<Tensor> calls = new ArrayList<>();
    Path png = dir.resolve("one.png");

    DecisionBoundary.write(xy -> {
      calls.add(xy.copy());
      return rightIsClassOne(xy);
    }, Tensor.matrix(new float[][] {{3, -2}}), Tensor.vector(1), png);

    Pngs.read(png);
    float[] g = calls.get(0).data();
    assertEquals(2.0, g[0], 0.02, "left edge x = 3 - 1");
    assertEquals(-1.0, g[1], 0.02, "top edge y = -2 + 1");
  }

  @Test
  void nanScoresAreShownNotHidden() throws IOException {
    Path png = dir.resolve("b.png");
    Function<Tensor, Tensor> f = xy -> {
      Tensor s = rightIsClassOne(xy);
      for (int i = 0; i < xy.shape().dim(0); i++) {
        if (xy.data()[2 * i] < 0) {
          s.data()[2 * i] = Float.NaN;
          s.data()[2 * i + 1] = Float.NaN;
        }
      }
      return s;
    };

    DecisionBoundary.write(f, points, labels, png);

    BufferedImage img = Pngs.read(png);
    int top = topOfPlot(img);
    assertEquals(Pngs.rgb(Palette.NO_PREDICTION), Pngs.rgb(img, pixelX(-0.5), top + pixelY(0.5)));
    assertEquals(Pngs.rgb(Palette.region(1)), Pngs.rgb(img, pixelX(0.5), top + pixelY(0.5)));
  }

  private static int pixelX(double x) {
    return DecisionBoundary.LEFT + (int) Math.round((x + 2.4) / 4.8 * DecisionBoundary.PLOT);
  }

  private static int pixelY(double y) {
    return (int) Math.round((1.2 - y) / 2.4 * DecisionBoundary.PLOT);
  }

  /** The y of the plot's top edge: the frame line just above the first region pixel. */
  private static int topOfPlot(BufferedImage img) {
    int x = DecisionBoundary.LEFT + DecisionBoundary.PLOT / 2 + 3;
    for (int y = 0; y < img.getHeight(); y++) {
      int p = Pngs.rgb(img, x, y);
      if (p == Pngs.rgb(Palette.region(1)) || p == Pngs.rgb(Palette.NO_PREDICTION)) {
        return y - 1;
      }
    }
    throw new AssertionError("no plot found");
  }

  @Test
  void badShapesNameExpectedAndActual() {
    Path png = dir.resolve("bad.png");
    Function<Tensor, Tensor> f = DecisionBoundaryTest::rightIsClassOne;

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DecisionBoundary.write(f, Tensor.zeros(4, 3), Tensor.zeros(4), png));
    assertEquals("points must be [n,2] with n >= 1 but are f32[4,3]", e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> DecisionBoundary.write(f, Tensor.zeros(8), Tensor.zeros(4), png));
    assertEquals("points must be [n,2] but are f32[8]", e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> DecisionBoundary.write(f, points, Tensor.zeros(5, 1), png));
    assertEquals("labels must be [5], one per point, but are f32[5,1]", e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> DecisionBoundary.write(f, points, Tensor.vector(0, 1, 0.5f, 1, 0), png));
    assertEquals("labels[2] is 0.5; labels must be class indices 0, 1, 2…", e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> DecisionBoundary.write(xy -> Tensor.zeros(xy.shape().dim(0), 1), points, labels,
            png));
    assertEquals("predictClassScores must return [40000,classes] with classes >= 2 for the grid"
        + " f32[40000,2] but returned f32[40000,1]; for a single sigmoid output p return the two"
        + " columns [1-p, p]", e.getMessage());
    assertTrue(java.nio.file.Files.notExists(png));
  }
}
