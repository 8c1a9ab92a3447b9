package io.nabla.ops.kernel;

import io.nabla.core.exec.Parallel;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass of {@link VectorDirectConv} for exactly six filters (LeNet's first
 * convolution, and its second one's input gradient, which has six input channels): six filters by
 * three output rows per kernel call, one vector of columns. Each tap loads three image vectors and
 * broadcasts six weights for eighteen FMAs, where the blocks of four and two filters by two rows
 * needed ten loads for twelve; the loads, not the FMAs, were the limit. A last group of one or
 * two rows is computed with phantom rows below it (read from the buffer's slack, not stored).
 */
final class VectorSixFilterForward {
  private static final VectorSpecies<Float> S = VectorWidth.S;
  private static final int L = S.length();
  private static final int FILTERS = 6;
  private static final int ROWS = 3;
  private static final float[] ZEROS = new float[FILTERS];

  private VectorSixFilterForward() {}

  static boolean applies(ConvGeometry g) {
    return g.f() == FILTERS;
  }

  /** {@code out[n,f] = Σ_c w[f,c] ⋆ x[n,c] (+ bias[f])}; {@code bias} may be null. */
  static void run(float[] x, float[] filters, float[] bias, float[] out, ConvGeometry g) {
    DirectConvLayout p = DirectConvLayout.of(g, L);
    float[] w = Scratch.get(Scratch.ROW_TAPS, filters.length);
    p.toRowTaps(filters, w);
    float[] b = bias != null ? bias : ZEROS;
    int chw = g.c() * g.h() * g.w();
    int slack = (ROWS - 1) * p.width + L;
    Parallel.range(g.n(), 1, (from, to) -> {
      float[] padded = Scratch.get(Scratch.PADDED, p.image + slack);
      float[] row = Scratch.get(Scratch.ROW_TAIL, FILTERS * ROWS * L);
      Arrays.fill(padded, 0, p.image + slack, 0f);
      for (int i = from; i < to; i++) {
        p.pad(x, i * chw, padded, 0);
        int o = i * FILTERS * g.outPixels();
        for (int oy = 0; oy < g.outH(); oy += ROWS) {
          for (int ox = 0; ox < g.outW(); ox += L) {
            rows(padded, p, w, b, oy, ox, out, o, row);
          }
        }
      }
    });
  }

  /** All six filters at output rows {@code oy…oy+2} (those that exist), one vector of columns. */
  private static void rows(float[] padded, DirectConvLayout p, float[] w, float[] bias, int oy,
      int ox, float[] out, int o, float[] row) {
    ConvGeometry g = p.g;
    int patch = g.patch();
    FloatVector a00 = FloatVector.broadcast(S, bias[0]);
    FloatVector a01 = FloatVector.broadcast(S, bias[1]);
    FloatVector a02 = FloatVector.broadcast(S, bias[2]);
    FloatVector a03 = FloatVector.broadcast(S, bias[3]);
    FloatVector a04 = FloatVector.broadcast(S, bias[4]);
    FloatVector a05 = FloatVector.broadcast(S, bias[5]);
    FloatVector a10 = a00;
    FloatVector a11 = a01;
    FloatVector a12 = a02;
    FloatVector a13 = a03;
    FloatVector a14 = a04;
    FloatVector a15 = a05;
    FloatVector a20 = a00;
    FloatVector a21 = a01;
    FloatVector a22 = a02;
    FloatVector a23 = a03;
    FloatVector a24 = a04;
    FloatVector a25 = a05;
    int r0 = oy * p.width + ox;
    int r1 = r0 + p.width;
    int r2 = r1 + p.width;
    int[] taps = p.rowTaps;
    int end = p.endRowTap(oy);
    for (int t = p.firstRowTap(oy, ROWS); t < end; t++) {
      FloatVector v0 = FloatVector.fromArray(S, padded, r0 + taps[t]);
      FloatVector v1 = FloatVector.fromArray(S, padded, r1 + taps[t]);
      FloatVector v2 = FloatVector.fromArray(S, padded, r2 + taps[t]);
      FloatVector c = FloatVector.broadcast(S, w[t]);
      a00 = v0.fma(c, a00);
      a10 = v1.fma(c, a10);
      a20 = v2.fma(c, a20);
      c = FloatVector.broadcast(S, w[patch + t]);
      a01 = v0.fma(c, a01);
      a11 = v1.fma(c, a11);
      a21 = v2.fma(c, a21);
      c = FloatVector.broadcast(S, w[2 * patch + t]);
      a02 = v0.fma(c, a02);
      a12 = v1.fma(c, a12);
      a22 = v2.fma(c, a22);
      c = FloatVector.broadcast(S, w[3 * patch + t]);
      a03 = v0.fma(c, a03);
      a13 = v1.fma(c, a13);
      a23 = v2.fma(c, a23);
      c = FloatVector.broadcast(S, w[4 * patch + t]);
      a04 = v0.fma(c, a04);
      a14 = v1.fma(c, a14);
      a24 = v2.fma(c, a24);
      c = FloatVector.broadcast(S, w[5 * patch + t]);
      a05 = v0.fma(c, a05);
      a15 = v1.fma(c, a15);
      a25 = v2.fma(c, a25);
    }
    int pixels = g.outPixels();
    if (ox + L <= g.outW() && oy + ROWS <= g.outH()) {
      int d0 = o + oy * g.outW() + ox;
      int d1 = d0 + g.outW();
      int d2 = d1 + g.outW();
      a00.intoArray(out, d0);
      a01.intoArray(out, d0 + pixels);
      a02.intoArray(out, d0 + 2 * pixels);
      a03.intoArray(out, d0 + 3 * pixels);
      a04.intoArray(out, d0 + 4 * pixels);
      a05.intoArray(out, d0 + 5 * pixels);
      a10.intoArray(out, d1);
      a11.intoArray(out, d1 + pixels);
      a12.intoArray(out, d1 + 2 * pixels);
      a13.intoArray(out, d1 + 3 * pixels);
      a14.intoArray(out, d1 + 4 * pixels);
      a15.intoArray(out, d1 + 5 * pixels);
      a20.intoArray(out, d2);
      a21.intoArray(out, d2 + pixels);
      a22.intoArray(out, d2 + 2 * pixels);
      a23.intoArray(out, d2 + 3 * pixels);
      a24.intoArray(out, d2 + 4 * pixels);
      a25.intoArray(out, d2 + 5 * pixels);
      return;
    }
    // through a row of vectors: the rows may be narrower than a vector, or fewer than three
    a00.intoArray(row, 0);
    a01.intoArray(row, L);
    a02.intoArray(row, 2 * L);
    a03.intoArray(row, 3 * L);
    a04.intoArray(row, 4 * L);
    a05.intoArray(row, 5 * L);
    a10.intoArray(row, 6 * L);
    a11.intoArray(row, 7 * L);
    a12.intoArray(row, 8 * L);
    a13.intoArray(row, 9 * L);
    a14.intoArray(row, 10 * L);
    a15.intoArray(row, 11 * L);
    a20.intoArray(row, 12 * L);
    a21.intoArray(row, 13 * L);
    a22.intoArray(row, 14 * L);
    a23.intoArray(row, 15 * L);
    a24.intoArray(row, 16 * L);
    a25.intoArray(row, 17 * L);
    int valid = Math.min(L, g.outW() - ox);
    int rows = Math.min(ROWS, g.outH() - oy);
    for (int r = 0; r < rows; r++) {
      int dst = o + (oy + r) * g.outW() + ox;
      for (int f = 0; f < FILTERS; f++) {
        System.arraycopy(row, (r * FILTERS + f) * L, out, dst + f * pixels, valid);
      }
    }
  }
}
