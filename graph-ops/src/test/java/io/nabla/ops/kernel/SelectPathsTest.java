package io.nabla.ops.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** ReLU's gradient on both paths against its definition, across vector tails and offsets. */
class SelectPathsTest {

  @Test
  void bothPathsKeepDyExactlyWhereXIsPositive() throws Exception {
    SelectKernel vector = (SelectKernel) Class.forName("io.nabla.ops.kernel.VectorSelect")
        .getDeclaredConstructor().newInstance();
    Random r = new Random(5);
    float[] specials = {0f, -0f, Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
    for (int length = 0; length <= 70; length++) {
      float[] x = new float[length + 3];
      float[] dy = new float[length + 3];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextInt(4) == 0 ? specials[r.nextInt(specials.length)] : r.nextFloat() - 0.5f;
        dy[i] = r.nextInt(8) == 0 ? Float.NaN : r.nextFloat() * 4 - 2;
      }
      for (int from = 0; from <= 3 && from <= length; from++) {
        for (SelectKernel kernel : new SelectKernel[] {vector, SelectKernel.SCALAR}) {
          float[] dx = new float[x.length];
          java.util.Arrays.fill(dx, 7f);
          kernel.keepWherePositive(dy, x, dx, from, length);
          for (int i = 0; i < dx.length; i++) {
            float expected = i < from || i >= length ? 7f : x[i] > 0f ? dy[i] : 0f;
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(dx[i]),
                kernel + " length " + length + " from " + from + " at " + i + ": x " + x[i]
                    + " dy " + dy[i]);
          }
        }
      }
    }
  }
}
