package io.nabla.ops.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
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
  private static final VectorSpecies<Float> S = VectorWidth.S;
  private static final int L = S.length();
  private static final VectorShuffle<Float> SWAP = VectorShuffle.fromOp(S, i -> i ^ 1);
  /** The even lanes first: each window's maximum to the lane of its index. */
  private static final VectorShuffle<Float> EVENS = VectorShuffle.fromOp(S, i -> 2 * i % L);
  /** The upper half of the lanes. */
  private static final VectorMask<Float> UPPER = VectorMask.fromLong(S, -1L << (L / 2));
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
   * Forward: two vectors of columns give a vector of maxima, the even lanes of each (after the
   * swap) gathered into one half. It is stored whole, past a row's end into the next row's
   * outputs, which are written later. The rows whose vectors would read or write past the plane
   * are done by the scalar path, after the vector loop: a call inside it, with vectors live, made
   * C2 box them (9 MB per LeNet step), as did storing half a vector through
   * {@code reinterpretShape}.
   */
  @Override
  public void poolPlane(float[] x, float[] y, int in, int out, int inW, int inH, int outH,
      int outW) {
    int chunks = (2 * outW + 2 * L - 1) / (2 * L);
    int rows = 0;
    int lastChunk = (chunks - 1) * 2 * L;
    while (rows < outH && in + (2 * rows + 1) * inW + lastChunk + 2 * L <= in + inH * inW
        && out + rows * outW + lastChunk / 2 + L <= out + outH * outW) {
      rows++;
    }
    if (rows > 0) {
      poolRows(x, y, in, out, inW, outW, rows, chunks);
    }
    for (int oh = rows; oh < outH; oh++) {
      PoolKernel.poolWindows2x2(x, y, in + 2 * oh * inW, inW, out + oh * outW, 0, outW);
    }
  }

  private static void poolRows(float[] x, float[] y, int in, int out, int inW, int outW,
      int rows, int chunks) {
    for (int k = 0, n = rows * chunks; k < n; k++) {
      int oh = k / chunks;
      int c = k % chunks * 2 * L;
      int r0 = in + 2 * oh * inW + c;
      FloatVector left = FloatVector.fromArray(S, x, r0)
          .max(FloatVector.fromArray(S, x, r0 + inW));
      FloatVector right = FloatVector.fromArray(S, x, r0 + L)
          .max(FloatVector.fromArray(S, x, r0 + inW + L));
      left = left.max(left.rearrange(SWAP)).rearrange(EVENS);
      right = right.max(right.rearrange(SWAP)).rearrange(EVENS);
      left.blend(right, UPPER).intoArray(y, out + oh * outW + c / 2);
    }
  }

  /**
   * The gradient, in the same way: the vector rows first (every chunk's vectors inside the
   * covered rows, and {@code dy}'s windows readable as a whole vector from the chunk's first
   * window or from half a vector before it), the rest by the scalar path.
   */
  @Override
  public void gradPlane(float[] x, float[] dy, float[] dx, int in, int out, int inW, int outH,
      int outW, boolean positiveOnly) {
    int chunks = (inW + L - 1) / L;
    int rows = 0;
    while (rows < outH && rowFits(in, out, inW, outH, outW, rows, chunks)) {
      rows++;
    }
    if (rows > 0) {
      gradRows(x, dy, dx, in, out, inW, outW, rows, chunks, out + outH * outW, positiveOnly);
    }
    for (int oh = rows; oh < outH; oh++) {
      PoolKernel.gradWindows2x2(x, dy, dx, in + 2 * oh * inW, inW, out + oh * outW, 0, outW,
          positiveOnly);
    }
  }

  private static boolean rowFits(int in, int out, int inW, int outH, int outW, int oh,
      int chunks) {
    int covered = in + 2 * outH * inW;
    int dyEnd = out + outH * outW;
    for (int c = 0; c < chunks * L; c += L) {
      int o = out + oh * outW + c / 2;
      boolean low = o + L <= dyEnd;
      boolean high = o + L / 2 <= dyEnd && o - L / 2 >= out;
      if (in + (2 * oh + 1) * inW + c + L > covered || !(low || high)) {
        return false;
      }
    }
    return true;
  }

  /** Row pairs top to bottom, each one's chunks right to left, in one flat loop. */
  private static void gradRows(float[] x, float[] dy, float[] dx, int in, int out, int inW,
      int outW, int rows, int chunks, int dyEnd, boolean positiveOnly) {
    FloatVector none = FloatVector.broadcast(S, NO_CODE);
    FloatVector zero = FloatVector.zero(S);
    VectorMask<Float> keepAll = S.maskAll(!positiveOnly);
    for (int k = 0, n = rows * chunks; k < n; k++) {
      int oh = k / chunks;
      int c = (chunks - 1 - k % chunks) * L;
      int r0 = in + 2 * oh * inW + c;
      int r1 = r0 + inW;
      int o = out + oh * outW + c / 2;
      boolean low = o + L <= dyEnd;
      FloatVector top = FloatVector.fromArray(S, x, r0);
      FloatVector bottom = FloatVector.fromArray(S, x, r1);
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
      FloatVector d = FloatVector.fromArray(S, dy, low ? o : o - L / 2)
          .rearrange(low ? SPREAD_LOW : SPREAD_HIGH);
      VectorMask<Float> kept = max.compare(VectorOperators.GT, 0f).or(keepAll);
      zero.blend(d, topCode.compare(VectorOperators.EQ, best).and(kept)).intoArray(dx, r0);
      zero.blend(d, bottomCode.compare(VectorOperators.EQ, best).and(kept)).intoArray(dx, r1);
    }
  }
}
