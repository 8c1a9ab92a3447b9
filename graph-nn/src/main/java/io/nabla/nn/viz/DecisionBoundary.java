package io.nabla.nn.viz;

import io.nabla.core.tensor.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * The regions a 2-D classifier assigns to each class, with the data points on top: the picture
 * of the course's non-linear toy problems (two moons, circles, spirals, XOR).
 *
 * <p>The classifier is evaluated on a {@value #GRID}×{@value #GRID} grid covering the points'
 * bounding box plus {@value #PAD_PERCENT}% on each side, in one batch call. Each grid cell takes
 * a light tint of its predicted class (the arg-max of the scores); each point is a dot in the
 * full colour of its true label with a dark outline, so misclassified points stand out.
 *
 * <pre>{@code
 * Plan predict = session.compile(List.of(logits), List.of(x));
 * DecisionBoundary.write(xs -> predict.run(Map.of(x, xs)).get(logits), points, labels,
 *     "MLP 2-8-2, two moons", Path.of("out/moons.png"));
 * }</pre>
 */
public final class DecisionBoundary {
  static {
    Headless.ensure();
  }

  /** Grid cells per axis at which the classifier is evaluated. */
  public static final int GRID = 200;
  /** Extra room around the points, in percent of their range on each axis. */
  static final int PAD_PERCENT = 10;
  /** Pixels per grid cell. */
  static final int CELL = 2;
  static final int PLOT = GRID * CELL;
  static final int LEFT = 56;
  static final int TICK = 4;
  private static final int MAX_LEGEND = 12;
  private static final double POINT_RADIUS = 4.5;

  private DecisionBoundary() {}

  /**
   * Writes the decision regions and points titled {@code "decision boundary"}; see
   * {@link #write(Function, Tensor, Tensor, String, Path)}.
   */
  public static void write(Function<Tensor, Tensor> predictClassScores, Tensor points,
      Tensor labels, Path png) throws IOException {
    write(predictClassScores, points, labels, "decision boundary", png);
  }

  /**
   * Writes the decision regions of a 2-D classifier and the labelled points to {@code png},
   * atomically (the file is replaced only once the new picture is complete).
   *
   * @param predictClassScores maps a batch of points {@code [m,2]} to class scores
   *     {@code [m,classes]} (logits or probabilities; only the arg-max counts); it is called
   *     exactly once, with {@code m = GRID·GRID}
   * @param points the data {@code [n,2]}
   * @param labels the true class of each point {@code [n]}, as float indices 0, 1, 2…
   * @param title the line above the plot
   * @param png the file to write; missing parent directories are created
   * @throws IllegalArgumentException for points, labels or returned scores of the wrong shape,
   *     for points that are not finite, or labels that are not class indices
   */
  public static void write(Function<Tensor, Tensor> predictClassScores, Tensor points,
      Tensor labels, String title, Path png) throws IOException {
    if (predictClassScores == null) {
      throw new IllegalArgumentException("predictClassScores is null");
    }
    VizChecks.rank(points, 2, "points", "[n,2]");
    int n = points.shape().dim(0);
    if (points.shape().dim(1) != 2 || n == 0) {
      throw new IllegalArgumentException("points must be [n,2] with n >= 1 but are "
          + points.shape().describe());
    }
    VizChecks.notNull(labels, "labels");
    if (labels.shape().rank() != 1 || labels.shape().dim(0) != n) {
      throw new IllegalArgumentException("labels must be [" + n + "], one per point, but are "
          + labels.shape().describe());
    }
    float[] p = points.data();
    int maxLabel = 0;
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(p[2 * i]) || !Float.isFinite(p[2 * i + 1])) {
        throw new IllegalArgumentException("point " + i + " is (" + p[2 * i] + ", "
            + p[2 * i + 1] + "); points must be finite");
      }
      float l = labels.data()[i];
      if (!(l >= 0) || l != Math.rint(l)) {
        throw new IllegalArgumentException("labels[" + i + "] is " + l
            + "; labels must be class indices 0, 1, 2…");
      }
      maxLabel = Math.max(maxLabel, (int) l);
    }

    Box box = Box.around(p, n);
    Prediction pred = predict(predictClassScores, box);
    int classes = Math.max(maxLabel + 1, pred.classes());
    int unknown = 0;
    for (int k : pred.cellClass()) {
      unknown += k < 0 ? 1 : 0;
    }
    String fullTitle = title == null ? "" : title;
    String note = unknown == 0 ? ""
        : String.format(Locale.ROOT, "dark gray: scores not finite in %.1f%% of the plane",
            100.0 * unknown / (GRID * GRID));
    draw(fullTitle, note, box, pred, classes, p, labels.data(), n, png);
  }

  /**
   * The arg-max class of each grid cell (row-major, top row first; -1 where no score is finite)
   * and the number of classes the classifier scores.
   */
  private record Prediction(int[] cellClass, int classes) {}

  /** Evaluates the classifier on the whole grid in one call. */
  private static Prediction predict(Function<Tensor, Tensor> f, Box box) {
    int cells = GRID * GRID;
    float[] grid = new float[2 * cells];
    for (int r = 0; r < GRID; r++) {
      for (int c = 0; c < GRID; c++) {
        grid[2 * (r * GRID + c)] = (float) box.x(c + 0.5);
        grid[2 * (r * GRID + c) + 1] = (float) box.y(r + 0.5);
      }
    }
    Tensor in = Tensor.of(grid, cells, 2);
    Tensor scores = f.apply(in);
    if (scores == null || scores.shape().rank() != 2 || scores.shape().dim(0) != cells
        || scores.shape().dim(1) < 2) {
      String found = scores == null ? "null" : scores.shape().describe();
      String hint = scores != null && scores.shape().rank() == 2 && scores.shape().dim(1) == 1
          ? "; for a single sigmoid output p return the two columns [1-p, p]" : "";
      throw new IllegalArgumentException("predictClassScores must return [" + cells
          + ",classes] with classes >= 2 for the grid " + in.shape().describe()
          + " but returned " + found + hint);
    }
    int k = scores.shape().dim(1);
    float[] s = scores.data();
    int[] out = new int[cells];
    for (int i = 0; i < cells; i++) {
      int best = -1;
      float bestScore = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        float v = s[i * k + j];
        if (Float.isFinite(v) && (best < 0 || v > bestScore)) {
          best = j;
          bestScore = v;
        }
      }
      out[i] = best;
    }
    return new Prediction(out, k);
  }

  private static void draw(String title, String note, Box box, Prediction pred, int classes,
      float[] p, float[] labels, int n, Path png) throws IOException {
    int titleH = Canvas.lineHeight(Canvas.TITLE);
    int noteH = note.isEmpty() ? 0 : Canvas.lineHeight(Canvas.NOTE);
    int labelH = Canvas.lineHeight(Canvas.NOTE);
    int shownClasses = Math.min(classes, MAX_LEGEND);
    int legendW = 20 + Canvas.width(Canvas.LABEL, "class " + (shownClasses - 1)) + 10;
    int top = Canvas.MARGIN + titleH + noteH + 8;
    int width = Math.max(LEFT + PLOT + 16 + legendW + Canvas.MARGIN,
        2 * Canvas.MARGIN + Math.max(Canvas.width(Canvas.TITLE, title),
            Canvas.width(Canvas.NOTE, note)));
    int height = top + PLOT + TICK + labelH + 6 + Canvas.MARGIN;

    try (Canvas cv = new Canvas(width, height)) {
      cv.text(title, Canvas.TITLE, Canvas.INK, Canvas.MARGIN, Canvas.MARGIN);
      if (!note.isEmpty()) {
        cv.text(note, Canvas.NOTE, Canvas.MUTED, Canvas.MARGIN, Canvas.MARGIN + titleH);
      }
      Color[] regions = new Color[pred.classes()];
      for (int k = 0; k < regions.length; k++) {
        regions[k] = Palette.region(k);
      }
      for (int r = 0; r < GRID; r++) {
        for (int c = 0; c < GRID; c++) {
          int k = pred.cellClass()[r * GRID + c];
          cv.fill(k < 0 ? Palette.NO_PREDICTION : regions[k],
              LEFT + c * CELL, top + r * CELL, CELL, CELL);
        }
      }
      axes(cv, box, top);

      cv.g.setClip(LEFT, top, PLOT, PLOT);
      cv.g.setStroke(new BasicStroke(1.2f));
      for (int i = 0; i < n; i++) {
        double px = LEFT + box.col(p[2 * i]) * CELL;
        double py = top + box.row(p[2 * i + 1]) * CELL;
        Shape dot = new Ellipse2D.Double(px - POINT_RADIUS, py - POINT_RADIUS,
            2 * POINT_RADIUS, 2 * POINT_RADIUS);
        cv.g.setColor(Palette.point((int) labels[i]));
        cv.g.fill(dot);
        cv.g.setColor(Palette.OUTLINE);
        cv.g.draw(dot);
      }
      cv.g.setClip(null);

      int lx = LEFT + PLOT + 16;
      int rowH = Canvas.lineHeight(Canvas.LABEL) + 4;
      for (int k = 0; k < shownClasses; k++) {
        int ly = top + k * rowH;
        cv.fill(Palette.region(k), lx, ly, 14, 14);
        cv.g.setColor(Palette.point(k));
        cv.g.fill(new Ellipse2D.Double(lx + 3, ly + 3, 8, 8));
        cv.g.setColor(Palette.OUTLINE);
        cv.g.drawRect(lx, ly, 14, 14);
        cv.text("class " + k, Canvas.LABEL, Canvas.INK, lx + 20,
            ly + (14 - Canvas.lineHeight(Canvas.LABEL)) / 2);
      }
      if (classes > shownClasses) {
        cv.text("… " + classes + " classes", Canvas.NOTE, Canvas.MUTED, lx,
            top + shownClasses * rowH);
      }
      AtomicPng.write(cv.image, png);
    }
  }

  /** Frame, ticks and tick labels around the plot. */
  private static void axes(Canvas cv, Box box, int top) {
    cv.g.setColor(Canvas.INK);
    cv.g.setStroke(new BasicStroke(1f));
    cv.g.drawRect(LEFT, top, PLOT, PLOT);
    cv.g.setFont(Canvas.NOTE);
    int ascent = cv.g.getFontMetrics().getAscent();
    for (Ticks.Tick t : Ticks.between(box.x0, box.x1)) {
      int x = LEFT + (int) Math.round(box.col(t.value()) * CELL);
      cv.g.drawLine(x, top + PLOT, x, top + PLOT + TICK);
      int w = Canvas.width(Canvas.NOTE, t.label());
      cv.g.drawString(t.label(), x - w / 2, top + PLOT + TICK + 2 + ascent);
    }
    for (Ticks.Tick t : Ticks.between(box.y0, box.y1)) {
      int y = top + (int) Math.round(box.row(t.value()) * CELL);
      cv.g.drawLine(LEFT - TICK, y, LEFT, y);
      int w = Canvas.width(Canvas.NOTE, t.label());
      cv.g.drawString(t.label(), LEFT - TICK - 3 - w, y + ascent / 2 - 1);
    }
  }

  /** The plotted region of the plane, and the mapping between it and grid cells. */
  private record Box(double x0, double x1, double y0, double y1) {
    static Box around(float[] p, int n) {
      double xmin = Double.POSITIVE_INFINITY;
      double xmax = Double.NEGATIVE_INFINITY;
      double ymin = Double.POSITIVE_INFINITY;
      double ymax = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        xmin = Math.min(xmin, p[2 * i]);
        xmax = Math.max(xmax, p[2 * i]);
        ymin = Math.min(ymin, p[2 * i + 1]);
        ymax = Math.max(ymax, p[2 * i + 1]);
      }
      double px = pad(xmin, xmax);
      double py = pad(ymin, ymax);
      return new Box(xmin - px, xmax + px, ymin - py, ymax + py);
    }

    /** Room on each side: a share of the range, or a unit box around a single value. */
    private static double pad(double lo, double hi) {
      double span = hi - lo;
      return span > 0 ? span * PAD_PERCENT / 100.0 : Math.max(1.0, Math.abs(lo) * 0.1);
    }

    /** x at fractional grid column {@code c} (0 = left edge). */
    double x(double c) {
      return x0 + c / GRID * (x1 - x0);
    }

    /** y at fractional grid row {@code r} (0 = top edge, where y is largest). */
    double y(double r) {
      return y1 - r / GRID * (y1 - y0);
    }

    double col(double x) {
      return (x - x0) / (x1 - x0) * GRID;
    }

    double row(double y) {
      return (y1 - y) / (y1 - y0) * GRID;
    }
  }
}
