package io.nabla.ops.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Pool2x2Kernel} on the Vector API, for planes of even width: a vector of columns of a
 * row pair holds half as many windows, each in two adjacent lanes of the top and of the bottom
 * row. The window's maximum is brought to both of its lanes with a swap of neighbours; the
 * winner is the smallest position code (top left 0 … bottom right 3) among the lanes equal to
 * it, or NaN; the gradient is {@code dy} spread two lanes per window.
 *
 * <p>Vectors are stored whole even where they pass the end of a row: the lanes beyond belong to
 * rows written later (columns are done right to left, row pairs top to bottom), and a chunk whose
 * vector would pass the plane's last covered row is done by the scalar path.
 */
final class VectorPool2x2 implements Pool2x2Kernel {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final VectorSpecies<Float> HALF = VectorSpecies.of(float.class,
      VectorShape.forBitSize(S.vectorBitSize() / 2));
  private static final VectorShuffle<Float> SWAP = VectorShuffle.fromOp(S, i -> i ^ 1);
  /** The even lanes first: each window's maximum to the lane of its index. */
  private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, i -> 2 * i % L);
  /** Lane {@code i} takes window {@code i / 2} of a vector's first half, or of its second. */
  private static final VectorShuffle<Float> SPREAD_LOW = VectorShuffle.fromOp(S, i -> i / 2);
  private static final VectorShuffle<Float> SPREAD_HIGH =
      VectorShuffle.fromOp(S, i -> L / 2 + i / 2);
  private static final FloatVector TOP_CODES = FloatVector.fromArray(S, codes(0), 0);
  private static final FloatVector BOTTOM_CODES = FloatVector.fromArray(S, codes(2), 0);
  private static final float NO_CODE = 9f;

  private static float[] codes(int first) {
    float[] c = new float[L];
    for (int i = 0; i < L; i++) {
      c[i] = first + (i & 1);
    }
    return c;
  }

  /**
   * Forward: the maxima of a vector's windows go to its first half, stored as a half-width
   * vector (past a row's end into the next row's outputs, written later); a chunk that would
   * read or write past the plane is done by the scalar path.
   */
  @Override
  public void poolPlane(float[] x, float[] y, int in, int out, int inW, int inH, int outH,
      int outW) {
    int chunks = (2 * outW + L - 1) / L;
    int end = in + inH * inW;
    int yEnd = out + outH * outW;
    for (int k = 0, n = outH * chunks; k < n; k++) {
      int oh = k / chunks;
      int c = k % chunks * L;
      int r0 = in + 2 * oh * inW;
      int o = out + oh * outW;
      int valid = Math.min(L / 2, outW - c / 2);
      if (r0 + inW + c + L > end || o + c / 2 + L / 2 > yEnd) {
        PoolKernel.poolWindows2x2(x, y, r0, inW, o, c / 2, c / 2 + valid);
        continue;
      }
      FloatVector pairs = FloatVector.fromArray(S, x, r0 + c)
          .max(FloatVector.fromArray(S, x, r0 + inW + c));
      ((FloatVector) pairs.max(pairs.rearrange(SWAP)).rearrange(EVENS).reinterpretShape(HALF, 0))
          .intoArray(y, o + c / 2);
    }
  }

  @Override
  public void gradPlane(float[] x, float[] dy, float[] dx, int in, int out, int inW, int outH,
      int outW, boolean positiveOnly) {
    int chunks = (inW + L - 1) / L;
    int covered = in + 2 * outH * inW;
    int dyEnd = out + outH * outW;
    FloatVector none = FloatVector.broadcast(S, NO_CODE);
    FloatVector zero = FloatVector.zero(S);
    // one flat loop: row pairs top to bottom, each one's chunks right to left
    for (int k = 0, n = outH * chunks; k < n; k++) {
      int oh = k / chunks;
      int c = (chunks - 1 - k % chunks) * L;
      int r0 = in + 2 * oh * inW;
      int r1 = r0 + inW;
      int o = out + oh * outW + c / 2;
      // dy's windows are read as a whole vector from o, or from half a vector before it
      boolean low = o + L <= dyEnd;
      boolean high = o + L / 2 <= dyEnd && o - L / 2 >= out;
      if (r1 + c + L > covered || !(low || high)) {
        PoolKernel.gradWindows2x2(x, dy, dx, r0, inW, out + oh * outW, c / 2,
            Math.min(outW, c / 2 + L / 2), positiveOnly);
        continue;
      }
      FloatVector top = FloatVector.fromArray(S, x, r0 + c);
      FloatVector bottom = FloatVector.fromArray(S, x, r1 + c);
      FloatVector pairs = top.max(bottom);
      FloatVector max = pairs.max(pairs.rearrange(SWAP));
      VectorMask<Float> topWins = top.compare(VectorOperators.EQ, max)
          .or(top.test(VectorOperators.IS_NAN));
      VectorMask<Float> bottomWins = bottom.compare(VectorOperators.EQ, max)
          .or(bottom.test(VectorOperators.IS_NAN));
      FloatVector topCode = none.blend(TOP_CODES, topWins);
      FloatVector bottomCode = none.blend(BOTTOM_CODES, bottomWins);
      FloatVector best = topCode.min(bottomCode);
      best = best.min(best.rearrange(SWAP));
      FloatVector d = low ? FloatVector.fromArray(S, dy, o).rearrange(SPREAD_LOW)
          : FloatVector.fromArray(S, dy, o - L / 2).rearrange(SPREAD_HIGH);
      VectorMask<Float> keepTop = topCode.compare(VectorOperators.EQ, best);
      VectorMask<Float> keepBottom = bottomCode.compare(VectorOperators.EQ, best);
      if (positiveOnly) {
        VectorMask<Float> positive = max.compare(VectorOperators.GT, 0f);
        keepTop = keepTop.and(positive);
        keepBottom = keepBottom.and(positive);
      }
      zero.blend(d, keepTop).intoArray(dx, r0 + c);
      zero.blend(d, keepBottom).intoArray(dx, r1 + c);
    }
  }
}
