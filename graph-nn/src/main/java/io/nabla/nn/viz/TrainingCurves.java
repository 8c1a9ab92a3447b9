package io.nabla.nn.viz;

import io.nabla.nn.train.EpochRecord;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Learning curves: loss per epoch on the left, accuracy per epoch on the right, each with a
 * training and a test series, drawn by XChart and saved as one PNG.
 *
 * <p>A series that was not measured ({@code NaN}) in any epoch is left out; an epoch whose value
 * is not finite is skipped by that series, the line joining its neighbours. One epoch is enough
 * for a picture.
 *
 * <pre>{@code
 * TrainingCurves.write(trainer.history(), Path.of("out/curves.png"));
 * }</pre>
 */
public final class TrainingCurves {
  static {
    Headless.ensure();
  }

  static final int CHART_WIDTH = 600;
  static final int CHART_HEIGHT = 420;
  static final Color TRAIN = new Color(0x1f, 0x77, 0xb4);
  static final Color TEST = new Color(0xd6, 0x27, 0x28);

  private TrainingCurves() {}

  /**
   * Writes the loss and accuracy curves of {@code history} to {@code png}, atomically (the file
   * is replaced only once the new picture is complete).
   *
   * @param history one record per epoch, in the order they ran
   * @param png the file to write; missing parent directories are created
   * @throws IllegalArgumentException if {@code history} is null, empty or holds a null
   */
  public static void write(List<EpochRecord> history, Path png) throws IOException {
    if (history == null || history.isEmpty()) {
      throw new IllegalArgumentException(
          "history " + (history == null ? "is null" : "is empty")
              + "; train at least one epoch before drawing curves");
    }
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i) == null) {
        throw new IllegalArgumentException("history[" + i + "] is null");
      }
    }
    // Legends go where the curves usually are not: loss falls, accuracy rises.
    XYChart loss = chart(lossTitle(history), "loss", Styler.LegendPosition.InsideNE, history,
        EpochRecord::trainLoss, EpochRecord::testLoss);
    XYChart accuracy = chart("accuracy", "accuracy", Styler.LegendPosition.InsideSE, history,
        EpochRecord::trainAccuracy, EpochRecord::testAccuracy);

    BufferedImage left = BitmapEncoder.getBufferedImage(loss);
    BufferedImage right = BitmapEncoder.getBufferedImage(accuracy);
    try (Canvas cv = new Canvas(left.getWidth() + right.getWidth(),
        Math.max(left.getHeight(), right.getHeight()))) {
      cv.g.drawImage(left, 0, 0, null);
      cv.g.drawImage(right, left.getWidth(), 0, null);
      AtomicPng.write(cv.image, png);
    }
  }

  private static String lossTitle(List<EpochRecord> history) {
    double seconds = 0;
    for (EpochRecord r : history) {
      if (Double.isFinite(r.seconds())) {
        seconds += r.seconds();
      }
    }
    String epochs = history.size() + (history.size() == 1 ? " epoch" : " epochs");
    return seconds > 0
        ? String.format(Locale.ROOT, "loss (%s, %.1f s)", epochs, seconds)
        : "loss (" + epochs + ")";
  }

  private static XYChart chart(String title, String yTitle, Styler.LegendPosition legend,
      List<EpochRecord> history, ToDoubleFunction<EpochRecord> train,
      ToDoubleFunction<EpochRecord> test) {
    XYChart chart = new XYChartBuilder().width(CHART_WIDTH).height(CHART_HEIGHT)
        .title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
    XYStyler s = chart.getStyler();
    s.setLegendPosition(legend);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(true);
    s.setXAxisDecimalPattern("0.#");
    s.setYAxisDecimalPattern("#,##0.###");
    s.setAntiAlias(true);
    s.setChartTitleFont(Canvas.TITLE);
    s.setLegendFont(Canvas.LABEL);
    s.setAxisTitleFont(Canvas.LABEL);
    s.setAxisTickLabelsFont(Canvas.NOTE);
    boolean any = addSeries(chart, "train", TRAIN, history, train);
    any |= addSeries(chart, "test", TEST, history, test);
    if (!any) {
      chart.setTitle(title + " — not measured");
      // XChart needs a series to lay out axes: an invisible one spanning the epochs keeps the
      // frame and the epoch axis, with no y values to pretend anything.
      XYSeries none = chart.addSeries(" ",
          new double[] {history.get(0).epoch(), history.get(history.size() - 1).epoch()},
          new double[] {0, 0});
      none.setMarker(SeriesMarkers.NONE);
      none.setLineColor(new Color(0, 0, 0, 0));
      s.setLegendVisible(false);
      s.setYAxisTicksVisible(false);
    }
    return chart;
  }

  /** Adds the measured (finite) points of one series; false when there are none. */
  private static boolean addSeries(XYChart chart, String name, Color color,
      List<EpochRecord> history, ToDoubleFunction<EpochRecord> value) {
    List<Integer> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (EpochRecord r : history) {
      double v = value.applyAsDouble(r);
      if (Double.isFinite(v)) {
        xs.add(r.epoch());
        ys.add(v);
      }
    }
    if (xs.isEmpty()) {
      return false;
    }
    XYSeries series = chart.addSeries(name, xs, ys);
    series.setLineColor(color);
    series.setMarkerColor(color);
    series.setMarker(SeriesMarkers.CIRCLE);
    return true;
  }
}
