package io.nabla.nn.data;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Shape;
import java.util.List;
import java.util.Random;

/**
 * The course's generated datasets, for when no real data is installed: four 2-D sets that no
 * straight line separates (features {@code [n, 2]}) and a ten-class image set. Each is
 * balanced (class sizes differ by at most one), shuffled, and fully determined by its seed.
 * {@code noise} is the standard deviation of the Gaussian noise added to each coordinate.
 */
public final class Generated {
  /** The names of the figures of {@link #images}, indexed by label. */
  public static final List<String> IMAGE_CLASS_NAMES = FigureImages.NAMES;

  private Generated() {}

  /**
   * Four clusters centred on {@code (±1, ±1)}; the label is the XOR of the signs of the centre:
   * 0 for {@code (1, 1)} and {@code (-1, -1)}, 1 for {@code (1, -1)} and {@code (-1, 1)}.
   */
  public static Dataset xor(int n, double noise, long seed) {
    return points(n, 2, noise, seed, (c, j, m, out) -> {
      double s = j % 2 == 0 ? 1 : -1;
      out[0] = s;
      out[1] = c == 0 ? s : -s;
    });
  }

  /**
   * Two interleaved spirals of 1.75 turns each, the second the first turned by half a turn;
   * points run from the centre out to radius 1.
   */
  public static Dataset spirals(int n, double noise, long seed) {
    return points(n, 2, noise, seed, (c, j, m, out) -> {
      double t = (j + 0.5) / m;
      double angle = 3.5 * Math.PI * t + c * Math.PI;
      out[0] = t * Math.cos(angle);
      out[1] = t * Math.sin(angle);
    });
  }

  /**
   * Two concentric circles: class 0 of radius 1, class 1 of radius {@code factor}, which must
   * lie in (0, 1).
   */
  public static Dataset circles(int n, double noise, double factor, long seed) {
    Preconditions.checkArgument(factor > 0 && factor < 1,
        "circles: factor is %s; the inner radius must lie in (0, 1)", factor);
    return points(n, 2, noise, seed, (c, j, m, out) -> {
      double radius = c == 0 ? 1 : factor;
      double angle = 2 * Math.PI * j / m;
      out[0] = radius * Math.cos(angle);
      out[1] = radius * Math.sin(angle);
    });
  }

  /**
   * Two interleaving half circles: class 0 the upper arc {@code (cos t, sin t)}, class 1 the
   * lower arc {@code (1 - cos t, 0.5 - sin t)}, for {@code t} in [0, π].
   */
  public static Dataset moons(int n, double noise, long seed) {
    return points(n, 2, noise, seed, (c, j, m, out) -> {
      double t = m == 1 ? 0 : Math.PI * j / (m - 1);
      out[0] = c == 0 ? Math.cos(t) : 1 - Math.cos(t);
      out[1] = c == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    });
  }

  /**
   * Ten classes of 28×28 grayscale images in [0, 1], shaped {@code [n, 1, 28, 28]}: a
   * stand-in for Fashion-MNIST. Each class is a figure drawn at a jittered position, size,
   * angle, stroke and brightness over pixel noise, so a small CNN learns them well while no
   * single pixel decides the class. See {@link #IMAGE_CLASS_NAMES}.
   */
  public static Dataset images(int n, long seed) {
    Preconditions.checkArgument(n > 0 && n <= Integer.MAX_VALUE / (28 * 28),
        "images: n is %s; it must be positive and fit one float array of n×28×28", n);
    return FigureImages.generate(n, new Random(seed));
  }

  /** Where class {@code c}'s {@code j}-th of {@code m} points sits before noise. */
  private interface PointRule {
    void place(int c, int j, int m, double[] out);
  }

  private static Dataset points(int n, int classes, double noise, long seed, PointRule rule) {
    Preconditions.checkArgument(n > 0, "n is %s; a dataset needs at least one example", n);
    Preconditions.checkArgument(noise >= 0 && Double.isFinite(noise),
        "noise is %s; it is a standard deviation, finite and >= 0", noise);
    Random random = new Random(seed);
    float[] x = new float[2 * n];
    float[] y = new float[n];
    double[] p = new double[2];
    int i = 0;
    for (int c = 0; c < classes; c++) {
      int m = n / classes + (c < n % classes ? 1 : 0);
      for (int j = 0; j < m; j++, i++) {
        rule.place(c, j, m, p);
        x[2 * i] = (float) (p[0] + noise * random.nextGaussian());
        x[2 * i + 1] = (float) (p[1] + noise * random.nextGaussian());
        y[i] = c;
      }
    }
    return new Dataset(Shape.of(2), new Values.Floats(x), y).shuffled(random.nextLong());
  }
}
