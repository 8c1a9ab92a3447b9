package io.nabla.nn.viz;

import io.nabla.nn.train.EpochRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCurvesTest {
  private static final double NAN = Double.NaN;

  @TempDir Path dir;

  private static List<EpochRecord> history(int epochs, boolean measuredTest) {
    List<EpochRecord> h = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      double loss = 2.0 / e;
      h.add(rec(e, loss, 1 - loss / 3, measuredTest ? loss * 1.2 : NAN,
          measuredTest ? 1 - loss / 2.5 : NAN, 1.5));
    }
    return h;
  }

  @Test
  void twoChartsSideBySideWithTrainAndTestSeries() throws IOException {
    Path png = dir.resolve("curves.png");

    TrainingCurves.write(history(10, true), png);

    BufferedImage img = Pngs.read(png);
    assertEquals(2 * TrainingCurves.CHART_WIDTH, img.getWidth());
    assertEquals(TrainingCurves.CHART_HEIGHT, img.getHeight());
    assertTrue(Pngs.countNear(img, TrainingCurves.TEST, 10) > 100, "test series drawn");
    assertTrue(Pngs.countNear(img, TrainingCurves.TRAIN, 10) > 100, "train series drawn");
  }

  @Test
  void anUnmeasuredTestSeriesIsLeftOut() throws IOException {
    Path png = dir.resolve("curves.png");

    TrainingCurves.write(history(5, false), png);

    BufferedImage img = Pngs.read(png);
    assertEquals(2 * TrainingCurves.CHART_WIDTH, img.getWidth());
    assertEquals(0, Pngs.countNear(img, TrainingCurves.TEST, 10), "no test series, no legend");
    assertTrue(Pngs.countNear(img, TrainingCurves.TRAIN, 10) > 100, "train series drawn");
  }

  @Test
  void aSingleEpochIsEnough() throws IOException {
    Path png = dir.resolve("one.png");

    TrainingCurves.write(history(1, true), png);

    BufferedImage img = Pngs.read(png);
    assertTrue(Pngs.countNear(img, TrainingCurves.TRAIN, 10) > 20, "the one point is drawn");
  }

  @Test
  void aChartWithNothingMeasuredStillRenders() throws IOException {
    Path png = dir.resolve("loss-only.png");
    List<EpochRecord> h = List.of(rec(1, 0.9, NAN, NAN, NAN, NAN),
        rec(2, 0.5, NAN, NAN, NAN, NAN));

    TrainingCurves.write(h, png);

    assertEquals(2 * TrainingCurves.CHART_WIDTH, Pngs.read(png).getWidth());
  }

  @Test
  void anEmptyHistoryIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainingCurves.write(List.of(), dir.resolve("x.png")));
    assertEquals("history is empty; train at least one epoch before drawing curves",
        e.getMessage());
  }

  /** A record with what the pictures read; speed and learning rate are not drawn. */
  private static EpochRecord rec(int epoch, double trainLoss, double trainAccuracy,
      double testLoss, double testAccuracy, double seconds) {
    return new EpochRecord(epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, seconds,
        Double.NaN, Double.NaN);
  }
}
