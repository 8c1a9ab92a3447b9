package io.nabla.nn.viz;

import io.nabla.nn.train.EpochRecord;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.viz.FeatureMaps.NamedMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes one example of every picture, from synthetic but plausible data, for a person to look
 * at. Runs only when asked:
 * {@code mvn -pl graph-nn -am verify -Dtest=VizExamples -Dsurefire.failIfNoSpecifiedTests=false
 * -Dviz.examples=/tmp/viz-examples}.
 */
@EnabledIfSystemProperty(named = "viz.examples", matches = ".+")
class VizExamples {
  private final Path out = Path.of(System.getProperty("viz.examples", "viz-examples"));
  private final Random rnd = new Random(42);

  @Test
  void writeExamples() throws IOException {
    Tensor filters = edgeFilters();
    FilterGrid.write(filters, "conv1", out.resolve("filter-grid.png"));
    FilterGrid.write(Tensor.fromFunction(Shape.of(16, 3, 5, 5), i -> rnd.nextGaussian()),
        "rgb conv1", out.resolve("filter-grid-rgb.png"));

    Tensor digit = digit();
    Tensor conv1 = relu(conv(digit, filters));
    Tensor pool1 = maxPool(conv1);
    Tensor filters2 = Tensor.fromFunction(Shape.of(32, 6, 5, 5), i -> rnd.nextGaussian() * 0.2);
    Tensor conv2 = relu(conv(pool1, filters2));
    Tensor pool2 = maxPool(conv2);
    FeatureMaps.write(digit, List.of(new NamedMap("conv1/relu", conv1),
        new NamedMap("pool1", pool1), new NamedMap("conv2/relu", conv2),
        new NamedMap("pool2", pool2)), out.resolve("feature-maps.png"));

    List<EpochRecord> history = new ArrayList<>();
    for (int e = 1; e <= 15; e++) {
      double train = 2.1 * Math.exp(-e / 3.0) + 0.12 + 0.02 * rnd.nextGaussian();
      double test = 2.1 * Math.exp(-e / 3.5) + 0.25 + 0.012 * Math.max(0, e - 9) * (e - 9);
      history.add(rec(e, train, 1 - train / 2.6, test, 1 - test / 2.4,
          4 + rnd.nextDouble()));
    }
    TrainingCurves.write(history, out.resolve("training-curves.png"));

    decisionBoundary();
    images();
    edgeCases(history);
  }

  /** Layouts and data the main examples do not reach, written under {@code more/}. */
  private void edgeCases(List<EpochRecord> history) throws IOException {
    Path more = out.resolve("more");
    FilterGrid.write(Tensor.fromFunction(Shape.of(10, 1, 3, 3), i -> rnd.nextGaussian()),
        more.resolve("filters-10x1x3x3.png"));
    FilterGrid.write(Tensor.fromFunction(Shape.of(4, 20, 5, 5), i -> rnd.nextGaussian()),
        "conv2", more.resolve("filters-4x20x5x5.png"));
    TrainingCurves.write(history.subList(0, 1), more.resolve("curves-one-epoch.png"));
    TrainingCurves.write(List.of(rec(1, 0.7, 0.61, Double.NaN, Double.NaN, 2),
        rec(2, 0.5, 0.74, Double.NaN, Double.NaN, 2),
        rec(3, 0.45, 0.79, Double.NaN, Double.NaN, 2)),
        more.resolve("curves-three-epochs-train-only.png"));
    TrainingCurves.write(List.of(rec(1, 0.7, 0.61, Double.NaN, Double.NaN, 2)),
        more.resolve("curves-one-epoch-train-only.png"));
    List<EpochRecord> noTest = new ArrayList<>();
    for (EpochRecord r : history) {
      noTest.add(rec(r.epoch(), r.trainLoss(), Double.NaN, Double.NaN, Double.NaN,
          r.seconds()));
    }
    TrainingCurves.write(noTest, more.resolve("curves-no-test-no-accuracy.png"));
  }

  /** Six 5×5 edge, line and blob detectors with a little noise, as conv1 tends to learn. */
  private Tensor edgeFilters() {
    Tensor f = Tensor.zeros(6, 1, 5, 5);
    float[] w = f.data();
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        double r2 = (i - 2) * (i - 2) + (j - 2) * (j - 2);
        int p = i * 5 + j;
        w[p] = j < 2 ? -1 : j > 2 ? 1 : 0;                                  // vertical edge
        w[25 + p] = i < 2 ? 1 : i > 2 ? -1 : 0;                             // horizontal edge
        w[50 + p] = Math.signum(i - j);                                     // diagonal
        w[75 + p] = (float) Math.cos(Math.PI * (i + j) / 3.0);              // grating
        w[100 + p] = (float) (Math.exp(-r2 / 2) - 0.5 * Math.exp(-r2 / 8)); // centre-surround
        w[125 + p] = i == 2 || j == 2 ? 1 : -0.3f;                          // cross
      }
    }
    for (int k = 0; k < w.length; k++) {
      w[k] += (float) (0.1 * rnd.nextGaussian());
    }
    return f;
  }

  /** A 28×28 handwritten-looking "4", values in [0, 1]. */
  private static Tensor digit() {
    float[][] strokes = {{8, 4, 5, 17}, {5, 17, 21, 17}, {17, 6, 16, 25}};
    return Tensor.fromFunction(Shape.of(1, 1, 28, 28), i -> {
      double y = i / 28;
      double x = i % 28;
      double d = Double.MAX_VALUE;
      for (float[] s : strokes) {
        d = Math.min(d, distance(x, y, s[0], s[1], s[2], s[3]));
      }
      return Math.max(0, Math.min(1, 2.2 - d));
    });
  }

  private static double distance(double px, double py, double x0, double y0, double x1,
      double y1) {
    double dx = x1 - x0;
    double dy = y1 - y0;
    double t = Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - x0 - t * dx, py - y0 - t * dy);
  }

  /** Valid convolution of one image [1,C,H,W] or [C,H,W] with filters [F,C,k,k]. */
  private static Tensor conv(Tensor x, Tensor w) {
    int[] d = x.shape().dims();
    int c = d[d.length - 3];
    int h = d[d.length - 2];
    int wd = d[d.length - 1];
    int f = w.shape().dim(0);
    int k = w.shape().dim(2);
    int oh = h - k + 1;
    int ow = wd - k + 1;
    Tensor y = Tensor.zeros(f, oh, ow);
    for (int o = 0; o < f; o++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          double s = 0;
          for (int ch = 0; ch < c; ch++) {
            for (int a = 0; a < k; a++) {
              for (int b = 0; b < k; b++) {
                s += x.data()[(ch * h + i + a) * wd + j + b]
                    * w.data()[((o * c + ch) * k + a) * k + b];
              }
            }
          }
          y.data()[(o * oh + i) * ow + j] = (float) s;
        }
      }
    }
    return y;
  }

  private static Tensor relu(Tensor x) {
    Tensor y = x.copy();
    for (int i = 0; i < y.size(); i++) {
      y.data()[i] = Math.max(0, y.data()[i]);
    }
    return y;
  }

  private static Tensor maxPool(Tensor x) {
    int c = x.shape().dim(0);
    int h = x.shape().dim(1) / 2;
    int w = x.shape().dim(2) / 2;
    int iw = x.shape().dim(2);
    Tensor y = Tensor.zeros(c, h, w);
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          float m = Float.NEGATIVE_INFINITY;
          for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
              m = Math.max(m, x.data()[(ch * x.shape().dim(1) + 2 * i + a) * iw + 2 * j + b]);
            }
          }
          y.data()[(ch * h + i) * w + j] = m;
        }
      }
    }
    return y;
  }

  /** A three-arm spiral, classified by a Gaussian-kernel (Parzen) classifier. */
  private void decisionBoundary() throws IOException {
    int perClass = 80;
    int n = 3 * perClass;
    Tensor points = Tensor.zeros(n, 2);
    Tensor labels = Tensor.zeros(n);
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < perClass; i++) {
        double r = (i + 1.0) / perClass;
        double t = c * 2 * Math.PI / 3 + 4 * r + 0.25 * rnd.nextGaussian();
        int p = c * perClass + i;
        points.data()[2 * p] = (float) (r * Math.sin(t));
        points.data()[2 * p + 1] = (float) (r * Math.cos(t));
        labels.data()[p] = c;
      }
    }
    DecisionBoundary.write(xy -> {
      int m = xy.shape().dim(0);
      Tensor scores = Tensor.zeros(m, 3);
      for (int g = 0; g < m; g++) {
        for (int p = 0; p < n; p++) {
          double dx = xy.data()[2 * g] - points.data()[2 * p];
          double dy = xy.data()[2 * g + 1] - points.data()[2 * p + 1];
          double kernel = Math.exp(-(dx * dx + dy * dy) / 0.02);
          scores.data()[g * 3 + (int) labels.data()[p]] += (float) kernel;
        }
      }
      return scores;
    }, points, labels, "spiral, Gaussian-kernel classifier", out.resolve("decision-boundary.png"));
  }

  /** Synthetic 28×28 shapes and blurred "reconstructions" of them. */
  private void images() throws IOException {
    int n = 24;
    Tensor inputs = Tensor.zeros(n, 1, 28, 28);
    for (int k = 0; k < n; k++) {
      double cx = 10 + 8 * rnd.nextDouble();
      double cy = 10 + 8 * rnd.nextDouble();
      double r = 5 + 4 * rnd.nextDouble();
      int kind = k % 3;
      for (int i = 0; i < 28; i++) {
        for (int j = 0; j < 28; j++) {
          double d = Math.hypot(i - cy, j - cx);
          double v = kind == 0 ? 1.5 - Math.abs(d - r)
              : kind == 1 ? 1.5 - Math.min(Math.abs(i - cy), Math.abs(j - cx)) - (d > r ? 9 : 0)
              : (Math.abs(i - cy) < r && Math.abs(j - cx) < r * 0.6 ? 1 : 0);
          inputs.data()[k * 784 + i * 28 + j] = (float) Math.max(0, Math.min(1, v));
        }
      }
    }
    Tensor recon = Tensor.zeros(n, 28, 28);
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < 28; i++) {
        for (int j = 0; j < 28; j++) {
          double s = 0;
          int c = 0;
          for (int a = -1; a <= 1; a++) {
            for (int b = -1; b <= 1; b++) {
              if (i + a >= 0 && i + a < 28 && j + b >= 0 && j + b < 28) {
                s += inputs.data()[k * 784 + (i + a) * 28 + j + b];
                c++;
              }
            }
          }
          recon.data()[k * 784 + i * 28 + j] = (float) (s / c + 0.05 * rnd.nextGaussian());
        }
      }
    }
    Images.write(inputs, 8, out.resolve("images.png"));
    Images.sideBySide(inputs.reshape(n, 28, 28), recon, out.resolve("autoencoder.png"));
  }

  /** A record with what the pictures read; speed and learning rate are not drawn. */
  private static EpochRecord rec(int epoch, double trainLoss, double trainAccuracy,
      double testLoss, double testAccuracy, double seconds) {
    return new EpochRecord(epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, seconds,
        Double.NaN, Double.NaN);
  }
}
