package io.nabla.nn.viz;

import io.nabla.nn.train.EpochRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Learning curves: loss per epoch on the left, accuracy per epoch on the right, each with a
 * training and a test series, saved as one PNG.
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
  private static final Color GRIDLINE = new Color(0xe4, 0xe4, 0xe4);
  /** Room left of the plot for the tick labels and the rotated axis title. */
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TICK = 4;
  private static final double MARKER_RADIUS = 3.5;

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
    try (Canvas cv = new Canvas(2 * CHART_WIDTH, CHART_HEIGHT)) {
      // Legends go where the curves usually are not: loss falls, accuracy rises.
      chart(cv, 0, lossTitle(history), "loss", true, history,
          EpochRecord::trainLoss, EpochRecord::testLoss);
      chart(cv, CHART_WIDTH, "accuracy", "accuracy", false, history,
          EpochRecord::trainAccuracy, EpochRecord::testAccuracy);
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

  /** The measured (finite) points of one series, in epoch order; empty when none. */
  private record Series(String name, Color color, double[] x, double[] y) {
    static Series of(String name, Color color, List<EpochRecord> history,
        ToDoubleFunction<EpochRecord> value) {
      List<double[]> points = new ArrayList<>();
      for (EpochRecord r : history) {
        double v = value.applyAsDouble(r);
        if (Double.isFinite(v)) {
          points.add(new double[] {r.epoch(), v});
        }
      }
      double[] x = new double[points.size()];
      double[] y = new double[points.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = points.get(i)[0];
        y[i] = points.get(i)[1];
      }
      return new Series(name, color, x, y);
    }

    boolean isEmpty() {
      return x.length == 0;
    }
  }

  /** One chart in the {@code CHART_WIDTH} column starting at {@code ox}. */
  private static void chart(Canvas cv, int ox, String title, String yTitle, boolean legendTop,
      List<EpochRecord> history, ToDoubleFunction<EpochRecord> train,
      ToDoubleFunction<EpochRecord> test) {
    List<Series> series = new ArrayList<>();
    for (Series s : List.of(Series.of("train", TRAIN, history, train),
        Series.of("test", TEST, history, test))) {
      if (!s.isEmpty()) {
        series.add(s);
      }
    }
    String shownTitle = series.isEmpty() ? title + " — not measured" : title;
    int titleH = Canvas.lineHeight(Canvas.TITLE);
    int noteH = Canvas.lineHeight(Canvas.NOTE);
    int labelH = Canvas.lineHeight(Canvas.LABEL);
    int left = ox + LEFT;
    int right = ox + CHART_WIDTH - RIGHT;
    int top = Canvas.MARGIN + titleH + 8;
    int bottom = CHART_HEIGHT - Canvas.MARGIN - labelH - 4 - noteH - TICK - 2;
    cv.text(shownTitle, Canvas.TITLE, Canvas.INK,
        ox + (CHART_WIDTH - Canvas.width(Canvas.TITLE, shownTitle)) / 2, Canvas.MARGIN);

    Range xs = Range.of(history.get(0).epoch(), history.get(history.size() - 1).epoch(), 0.5);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : s.y()) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    Range ys = series.isEmpty() ? null : Range.of(lo, hi, Math.max(Math.abs(lo) * 0.1, 0.05));

    cv.g.setFont(Canvas.NOTE);
    int ascent = cv.g.getFontMetrics().getAscent();
    cv.g.setStroke(new BasicStroke(1f));
    for (Ticks.Tick t : Ticks.between(xs.lo(), xs.hi())) {
      if (t.value() != Math.rint(t.value())) {
        continue; // epochs are whole numbers
      }
      int x = (int) Math.round(xs.at(t.value(), left, right));
      String label = String.valueOf((long) t.value());
      cv.g.setColor(Canvas.INK);
      cv.g.drawLine(x, bottom, x, bottom + TICK);
      cv.g.drawString(label, x - Canvas.width(Canvas.NOTE, label) / 2, bottom + TICK + 2 + ascent);
    }
    if (ys != null) {
      for (Ticks.Tick t : Ticks.between(ys.lo(), ys.hi())) {
        int y = (int) Math.round(ys.at(t.value(), bottom, top));
        cv.fill(GRIDLINE, left + 1, y, right - left - 1, 1);
        cv.g.setColor(Canvas.INK);
        cv.g.drawLine(left - TICK, y, left, y);
        cv.g.drawString(t.label(),
            left - TICK - 3 - Canvas.width(Canvas.NOTE, t.label()), y + ascent / 2 - 1);
      }
    }
    cv.g.setColor(Canvas.INK);
    cv.g.drawRect(left, top, right - left, bottom - top);
    cv.text("epoch", Canvas.LABEL, Canvas.INK,
        (left + right - Canvas.width(Canvas.LABEL, "epoch")) / 2, bottom + TICK + 2 + noteH + 4);
    AffineTransform plain = cv.g.getTransform();
    cv.g.rotate(-Math.PI / 2);
    cv.text(yTitle, Canvas.LABEL, Canvas.INK,
        -(top + bottom + Canvas.width(Canvas.LABEL, yTitle)) / 2, ox + Canvas.MARGIN);
    cv.g.setTransform(plain);

    cv.g.setClip(left, top, right - left + 1, bottom - top + 1);
    for (Series s : series) {
      Path2D line = new Path2D.Double();
      for (int i = 0; i < s.x().length; i++) {
        double px = xs.at(s.x()[i], left, right);
        double py = ys.at(s.y()[i], bottom, top);
        if (i == 0) {
          line.moveTo(px, py);
        } else {
          line.lineTo(px, py);
        }
      }
      cv.g.setColor(s.color());
      cv.g.setStroke(new BasicStroke(2f));
      cv.g.draw(line);
      for (int i = 0; i < s.x().length; i++) {
        marker(cv, xs.at(s.x()[i], left, right), ys.at(s.y()[i], bottom, top));
      }
    }
    cv.g.setClip(null);
    if (!series.isEmpty()) {
      legend(cv, series, right, legendTop ? top : bottom, legendTop);
    }
  }

  private static void marker(Canvas cv, double x, double y) {
    cv.g.fill(new Ellipse2D.Double(x - MARKER_RADIUS, y - MARKER_RADIUS,
        2 * MARKER_RADIUS, 2 * MARKER_RADIUS));
  }

  /** A boxed legend in the plot's top-right (or bottom-right) corner. */
  private static void legend(Canvas cv, List<Series> series, int right, int edge, boolean top) {
    int rowH = Canvas.lineHeight(Canvas.LABEL) + 2;
    int textW = 0;
    for (Series s : series) {
      textW = Math.max(textW, Canvas.width(Canvas.LABEL, s.name()));
    }
    int w = 8 + 24 + 6 + textW + 8;
    int h = 6 + rowH * series.size() + 4;
    int x = right - 8 - w;
    int y = top ? edge + 8 : edge - 8 - h;
    cv.fill(Color.WHITE, x, y, w, h);
    cv.g.setColor(Canvas.MUTED);
    cv.g.setStroke(new BasicStroke(1f));
    cv.g.drawRect(x, y, w, h);
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      int rowTop = y + 6 + i * rowH;
      int mid = rowTop + rowH / 2;
      cv.g.setColor(s.color());
      cv.g.setStroke(new BasicStroke(2f));
      cv.g.drawLine(x + 8, mid, x + 32, mid);
      marker(cv, x + 20, mid);
      cv.text(s.name(), Canvas.LABEL, Canvas.INK, x + 38, rowTop);
    }
  }

  /** An axis's data interval, padded so that no point sits on the frame. */
  private record Range(double lo, double hi) {
    static Range of(double min, double max, double padIfFlat) {
      if (max - min <= 0) {
        return new Range(min - padIfFlat, max + padIfFlat);
      }
      double pad = (max - min) * 0.05;
      return new Range(min - pad, max + pad);
    }

    /** Maps {@code v} linearly from [lo, hi] to [from, to] in pixels. */
    double at(double v, double from, double to) {
      return from + (v - lo) / (hi - lo) * (to - from);
    }
  }
}
