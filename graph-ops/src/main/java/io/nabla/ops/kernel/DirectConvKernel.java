package io.nabla.ops.kernel;

/**
 * Convolution computed straight from a zero-padded copy of each image, without unfolding patches:
 * for small channel counts (LeNet) the unfolded patch matrix is many times larger than the image,
 * and writing and re-reading it costs more than the arithmetic. Only stride 1, dilation 1, one
 * group and padding of at most {@code kernel − 1} per side; {@link ConvKernel} decides when.
 */
interface DirectConvKernel {

  /** {@code out[n,f] = Σ_c w[f,c] ⋆ x[n,c] (+ bias[f])}; {@code bias} may be null. */
  void forward(float[] x, float[] w, float[] bias, float[] out, ConvGeometry g);

  /** {@code dw[f,c] = Σ_n dy[n,f] ⋆ x[n,c]}, summed in an order independent of the threads. */
  void filterGrad(float[] x, float[] dy, float[] dw, ConvGeometry g);
}
