package io.nabla.nn.data;

import io.nabla.core.tensor.Shape;
import java.util.List;
import java.util.Random;

/**
 * Draws the ten figure classes of {@link Generated#images}. Each image is one figure, described
 * by its distance field (how far a point lies from the figure's ink), rendered with a soft
 * edge at a random centre, size, angle, stroke width and brightness, over Gaussian pixel noise.
 */
final class FigureImages {
  static final List<String> NAMES = List.of("horizontal bar", "vertical bar", "diagonal",
      "anti-diagonal", "ring", "filled square", "plus", "cross", "two dots", "square frame");

  private static final int SIDE = 28;
  private static final double NOISE = 0.1;
  /** The most a figure's angle strays from its class's angle, in radians (about 10°). */
  private static final double TILT = 0.17;

  /** Distance from a point (relative to the figure's centre) to the figure's ink. */
  private interface Figure {
    double distance(double dx, double dy);
  }

  private FigureImages() {}

  static Dataset generate(int n, Random random) {
    int[] order = Dataset.permutation(n, random);
    float[] x = new float[n * SIDE * SIDE];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = order[i] % NAMES.size();
      draw(figure((int) y[i], random), random, x, i * SIDE * SIDE);
    }
    return new Dataset(Shape.of(1, SIDE, SIDE), new Values.Floats(x), y);
  }

  private static void draw(Figure f, Random random, float[] img, int at) {
    double cx = (SIDE - 1) / 2.0 + uniform(random, -4, 4);
    double cy = (SIDE - 1) / 2.0 + uniform(random, -4, 4);
    double halfStroke = uniform(random, 0.8, 1.8);
    double ink = uniform(random, 0.6, 1.0);
    for (int py = 0; py < SIDE; py++) {
      for (int px = 0; px < SIDE; px++) {
        double coverage = clamp(halfStroke + 0.5 - f.distance(px - cx, py - cy));
        double v = ink * coverage + NOISE * random.nextGaussian();
        img[at + py * SIDE + px] = (float) clamp(v);
      }
    }
  }

  /** Class {@code label}'s figure with its own random size and angle, centred on the origin. */
  private static Figure figure(int label, Random r) {
    double tilt = uniform(r, -TILT, TILT);
    double half = uniform(r, 6, 11);
    return switch (label) {
      case 0 -> bar(tilt, half);
      case 1 -> bar(Math.PI / 2 + tilt, half);
      case 2 -> bar(Math.PI / 4 + tilt, half);
      case 3 -> bar(-Math.PI / 4 + tilt, half);
      case 4 -> {
        double radius = uniform(r, 5, 9);
        yield (dx, dy) -> Math.abs(Math.hypot(dx, dy) - radius);
      }
      case 5 -> {
        double side = uniform(r, 3.5, 7);
        yield (dx, dy) -> Math.max(0, chebyshev(dx, dy, tilt) - side);
      }
      case 6 -> union(bar(tilt, half), bar(Math.PI / 2 + tilt, half));
      case 7 -> union(bar(Math.PI / 4 + tilt, half), bar(-Math.PI / 4 + tilt, half));
      case 8 -> {
        double angle = uniform(r, 0, Math.PI);
        double gap = uniform(r, 4, 7);
        double radius = uniform(r, 1.5, 3);
        double ox = gap * Math.cos(angle);
        double oy = gap * Math.sin(angle);
        yield (dx, dy) -> Math.max(0,
            Math.min(Math.hypot(dx - ox, dy - oy), Math.hypot(dx + ox, dy + oy)) - radius);
      }
      case 9 -> {
        double side = uniform(r, 5, 9);
        yield (dx, dy) -> Math.abs(chebyshev(dx, dy, tilt) - side);
      }
      default -> throw new AssertionError("no figure for class " + label);
    };
  }

  /** A straight stroke through the origin at {@code angle}, {@code half} long on each side. */
  private static Figure bar(double angle, double half) {
    double ux = Math.cos(angle);
    double uy = Math.sin(angle);
    return (dx, dy) -> {
      double along = Math.max(-half, Math.min(half, dx * ux + dy * uy));
      return Math.hypot(dx - along * ux, dy - along * uy);
    };
  }

  private static Figure union(Figure a, Figure b) {
    return (dx, dy) -> Math.min(a.distance(dx, dy), b.distance(dx, dy));
  }

  /** The largest coordinate of the point turned by {@code -angle}: squares are its level sets. */
  private static double chebyshev(double dx, double dy, double angle) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    return Math.max(Math.abs(dx * c + dy * s), Math.abs(-dx * s + dy * c));
  }

  private static double uniform(Random r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }
}
