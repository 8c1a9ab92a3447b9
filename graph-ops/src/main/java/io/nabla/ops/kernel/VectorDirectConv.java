package io.nabla.ops.kernel;

/**
 * The direct convolution on the Vector API. Each image is copied into a zero-bordered buffer
 * whose rows are a whole number of vectors plus the kernel's width, so every tap of the filter is
 * an unmasked vector load at a shifted offset; output rows are computed a vector of columns, two
 * rows and up to eight filters at a time ({@link VectorDirectConvForward}), the filter gradient
 * four taps by four filters ({@link VectorDirectConvFilterGrad}), the accumulators staying in
 * registers across all taps. Each method
 * holding vectors has a single loop and never passes a vector on: with nested loops or vector
 * arguments C2 boxes the vectors (measured: 600 MB allocated per LeNet step).
 */
final class VectorDirectConv implements DirectConvKernel {

  @Override
  public void forward(float[] x, float[] w, float[] bias, float[] out, ConvGeometry g) {
    if (VectorFilterLanesForward.applies(g)) {
      VectorFilterLanesForward.run(x, w, bias, out, g);
    } else if (VectorSixFilterForward.applies(g)) {
      VectorSixFilterForward.run(x, w, bias, out, g);
    } else {
      VectorDirectConvForward.run(x, w, bias, out, g);
    }
  }

  @Override
  public void filterGrad(float[] x, float[] dy, float[] dw, ConvGeometry g) {
    if (VectorFilterLanesFilterGrad.applies(g)) {
      VectorFilterLanesFilterGrad.run(x, dy, dw, g);
    } else {
      VectorDirectConvFilterGrad.run(x, dy, dw, g);
    }
  }
}
