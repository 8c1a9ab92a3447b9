package io.nabla.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GeneratedImagesTest {
  private static final int PIXELS = 28 * 28;

  @Test
  void imagesAreBalancedGrayscaleAndSeeded() {
    Dataset d = Generated.images(1000, 1);
    assertEquals(1000, d.size());
    assertEquals(Shape.of(1, 28, 28), d.featureShape());
    int[] hundredEach = new int[10];
    Arrays.fill(hundredEach, 100);
    assertArrayEquals(hundredEach, d.classCounts());
    for (float v : d.features().data()) {
      assertTrue(v >= 0 && v <= 1, "pixel " + v + " outside [0, 1]");
    }
    assertEquals(d.features(), Generated.images(1000, 1).features());
    assertEquals(d.labels(), Generated.images(1000, 1).labels());
    assertNotEquals(d.features(), Generated.images(1000, 2).features());
    assertEquals(10, Generated.IMAGE_CLASS_NAMES.size());
    assertArrayEquals(new int[] {2, 1, 1, 1, 1, 1, 1, 1, 1, 1},
        Generated.images(11, 3).classCounts());
  }

  /**
   * The best a one-pixel rule can do: each pixel's values cut into 8 bins, each bin voting for
   * its most frequent class, scored on the very examples it was fitted to (an optimistic score).
   * Chance is 0.1; a class drawn always at the same place would give a pixel near 1.
   */
  @Test
  void noSinglePixelDecidesTheClass() {
    Dataset d = Generated.images(3000, 4);
    float[] x = d.features().data();
    double best = 0;
    for (int p = 0; p < PIXELS; p++) {
      int[][] votes = new int[8][10];
      for (int i = 0; i < d.size(); i++) {
        votes[Math.min(7, (int) (x[i * PIXELS + p] * 8))][d.label(i)]++;
      }
      int right = 0;
      for (int[] bin : votes) {
        right += Arrays.stream(bin).max().getAsInt();
      }
      best = Math.max(best, right / (double) d.size());
    }
    assertTrue(best < 0.3, "one pixel classifies " + best + " of the images");
  }

  /** Classes differ: the nearest class-mean image, fitted on one set, labels another well. */
  @Test
  void classesAreDistinctEnoughForANearestMeanClassifier() {
    Dataset train = Generated.images(2000, 5);
    Dataset test = Generated.images(500, 6);
    double[][] means = new double[10][PIXELS];
    float[] x = train.features().data();
    for (int i = 0; i < train.size(); i++) {
      for (int p = 0; p < PIXELS; p++) {
        means[train.label(i)][p] += x[i * PIXELS + p] / 200.0;
      }
    }
    float[] t = test.features().data();
    int right = 0;
    for (int i = 0; i < test.size(); i++) {
      int nearest = -1;
      double nearestDistance = Double.MAX_VALUE;
      for (int c = 0; c < 10; c++) {
        double dist = 0;
        for (int p = 0; p < PIXELS; p++) {
          double e = t[i * PIXELS + p] - means[c][p];
          dist += e * e;
        }
        if (dist < nearestDistance) {
          nearestDistance = dist;
          nearest = c;
        }
      }
      right += nearest == test.label(i) ? 1 : 0;
    }
    double accuracy = right / (double) test.size();
    assertTrue(accuracy > 0.45, "nearest class mean labels only " + accuracy + " right");
  }
}
