package io.nabla.ops.kernel;

/** 2×2, stride-2 max pooling and its gradient over one plane; see {@link PoolKernel}. */
interface Pool2x2Kernel {

  /** The scalar path: one window at a time. */
  Pool2x2Kernel SCALAR = new Pool2x2Kernel() {
    @Override
    public void poolPlane(float[] x, float[] y, int in, int out, int inW, int inH, int outH,
        int outW) {
      for (int oh = 0; oh < outH; oh++) {
        PoolKernel.poolWindows2x2(x, y, in + 2 * oh * inW, inW, out + oh * outW, 0, outW);
      }
    }

    @Override
    public void gradPlane(float[] x, float[] dy, float[] dx, int in, int out, int inW,
        int outH, int outW, boolean positiveOnly) {
      for (int oh = 0; oh < outH; oh++) {
        PoolKernel.gradWindows2x2(x, dy, dx, in + 2 * oh * inW, inW, out + oh * outW, 0, outW,
            positiveOnly);
      }
    }
  };

  /**
   * {@code y[out + o]} = the largest of window {@code o} of the plane of {@code inH} rows of
   * {@code inW} at {@code x[in]}.
   */
  void poolPlane(float[] x, float[] y, int in, int out, int inW, int inH, int outH, int outW);

  /**
   * Writes the covered part of the plane of {@code dx} at {@code in} ({@code 2·outH} rows of
   * {@code inW}): {@code dy[out + o]} at window {@code o}'s first maximum, 0 elsewhere, and also
   * 0 where {@code x} is not positive when {@code positiveOnly}.
   */
  void gradPlane(float[] x, float[] dy, float[] dx, int in, int out, int inW, int outH,
      int outW, boolean positiveOnly);
}
