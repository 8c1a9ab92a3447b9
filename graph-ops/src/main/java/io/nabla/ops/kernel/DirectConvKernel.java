package io.nabla.ops.kernel;

/**
 * Convolutions computed straight from a zero-padded copy of each image, without unfolding
 * patches (the SIMD path's {@link ConvAlgorithm#direct() direct} kernels): the unfolded patch
 * matrix is up to {@code kH·kW} times larger than the image, and writing and re-reading it can
 * cost more than the arithmetic. Only stride 1, dilation 1, one group and padding of at most
 * {@code kernel − 1} per side; {@link ConvPlanner} decides which kernel runs.
 */
interface DirectConvKernel {

  /** Whether {@code kernel} computes the forward pass (or the filter gradient) of {@code g}. */
  boolean applies(ConvAlgorithm kernel, ConvGeometry g, boolean filterGrad);

  /** {@code out[n,f] = Σ_c w[f,c] ⋆ x[n,c] (+ bias[f])}; {@code bias} may be null. */
  void forward(ConvAlgorithm kernel, float[] x, float[] w, float[] bias, float[] out,
      ConvGeometry g);

  /** {@code dw[f,c] = Σ_n dy[n,f] ⋆ x[n,c]}, summed in an order independent of the threads. */
  void filterGrad(ConvAlgorithm kernel, float[] x, float[] dy, float[] dw, ConvGeometry g);
}
