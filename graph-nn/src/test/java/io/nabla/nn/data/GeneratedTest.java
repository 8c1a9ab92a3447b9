package io.nabla.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GeneratedTest {

  /** Each 2-D set as a function of its seed, with the given n and noise. */
  static Stream<Arguments> pointSets() {
    return Stream.of(
        Arguments.of("xor", (Function<Long, Dataset>) s -> Generated.xor(101, 0.3, s)),
        Arguments.of("spirals", (Function<Long, Dataset>) s -> Generated.spirals(101, 0.05, s)),
        Arguments.of("circles",
            (Function<Long, Dataset>) s -> Generated.circles(101, 0.05, 0.5, s)),
        Arguments.of("moons", (Function<Long, Dataset>) s -> Generated.moons(101, 0.1, s)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pointSets")
  void pointSetsAreBalancedTwoDimensionalAndSeeded(String name, Function<Long, Dataset> make) {
    Dataset d = make.apply(1L);
    assertEquals(101, d.size());
    assertEquals(Shape.of(2), d.featureShape());
    assertArrayEquals(new int[] {51, 50}, d.classCounts());
    assertEquals(d.features(), make.apply(1L).features());
    assertEquals(d.labels(), make.apply(1L).labels());
    assertNotEquals(d.features(), make.apply(2L).features());
    float[] x = d.features().data();
    for (float v : x) {
      assertTrue(Math.abs(v) < 3, name + " coordinate " + v + " is far out");
    }
    Tensor classAfterClass = Tensor.fromFunction(Shape.of(101), i -> i < 51 ? 0 : 1);
    assertNotEquals(classAfterClass, d.labels(), name + " is shuffled");
  }

  @Test
  void xorWithoutNoiseSitsOnTheFourCornersLabelledByXor() {
    Dataset d = Generated.xor(40, 0, 3);
    float[] x = d.features().data();
    int[] corners = new int[4];
    for (int i = 0; i < d.size(); i++) {
      float a = x[2 * i];
      float b = x[2 * i + 1];
      assertTrue(Math.abs(a) == 1 && Math.abs(b) == 1, "corner (" + a + ", " + b + ")");
      assertEquals((a > 0) != (b > 0) ? 1 : 0, d.label(i));
      corners[(a > 0 ? 2 : 0) + (b > 0 ? 1 : 0)]++;
    }
    assertArrayEquals(new int[] {10, 10, 10, 10}, corners);
  }

  @Test
  void spiralsWithoutNoiseStayInTheUnitDiscAndInterleave() {
    Dataset d = Generated.spirals(200, 0, 4);
    float[] x = d.features().data();
    for (int i = 0; i < d.size(); i++) {
      double r = Math.hypot(x[2 * i], x[2 * i + 1]);
      assertTrue(r > 0 && r <= 1, "radius " + r);
      // the second spiral is the first turned by π: its mirror image through the origin
      boolean mirrored = false;
      for (int j = 0; j < d.size(); j++) {
        mirrored |= d.label(j) != d.label(i) && Math.abs(x[2 * j] + x[2 * i]) < 1e-6
            && Math.abs(x[2 * j + 1] + x[2 * i + 1]) < 1e-6;
      }
      assertTrue(mirrored, "point " + i + " has its mirror in the other spiral");
    }
  }

  @Test
  void circlesWithoutNoiseHaveTheirTwoRadii() {
    Dataset d = Generated.circles(60, 0, 0.3, 5);
    float[] x = d.features().data();
    for (int i = 0; i < d.size(); i++) {
      assertEquals(d.label(i) == 0 ? 1 : 0.3, Math.hypot(x[2 * i], x[2 * i + 1]), 1e-6);
    }
  }

  @Test
  void moonsWithoutNoiseLieOnTheirArcs() {
    Dataset d = Generated.moons(60, 0, 6);
    float[] x = d.features().data();
    for (int i = 0; i < d.size(); i++) {
      double cx = d.label(i) == 0 ? 0 : 1;
      double cy = d.label(i) == 0 ? 0 : 0.5;
      assertEquals(1, Math.hypot(x[2 * i] - cx, x[2 * i + 1] - cy), 1e-6);
      assertTrue(d.label(i) == 0 ? x[2 * i + 1] >= -1e-6 : x[2 * i + 1] <= 0.5 + 1e-6);
    }
  }

  @Test
  void refusesImpossibleArguments() {
    assertEquals("n is 0; a dataset needs at least one example",
        assertThrows(IllegalArgumentException.class, () -> Generated.xor(0, 0.1, 1))
            .getMessage());
    assertEquals("noise is -0.1; it is a standard deviation, finite and >= 0",
        assertThrows(IllegalArgumentException.class, () -> Generated.moons(10, -0.1, 1))
            .getMessage());
    assertEquals("circles: factor is 1.0; the inner radius must lie in (0, 1)",
        assertThrows(IllegalArgumentException.class, () -> Generated.circles(10, 0, 1, 1))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> Generated.images(0, 1));
  }
}
