package io.nabla.ops.kernel;

/**
 * The direct convolutions on the Vector API. Each image is copied into a zero-bordered buffer
 * whose rows are a whole number of vectors plus the kernel's width, so every tap of the filter is
 * an unmasked vector load at a shifted offset ({@link DirectConvLayout}). Each method holding
 * vectors has a single loop and never passes a vector on: with nested loops or vector arguments
 * C2 boxes the vectors (measured: 600 MB allocated per LeNet step).
 */
final class VectorDirectConv implements DirectConvKernel {

  @Override
  public boolean applies(ConvAlgorithm kernel, ConvGeometry g, boolean filterGrad) {
    return switch (kernel) {
      case DIRECT -> true;
      case DIRECT_FILTER_LANES -> filterGrad ? VectorFilterLanesFilterGrad.applies(g)
          : VectorFilterLanesForward.applies(g);
      default -> false;
    };
  }

  @Override
  public void forward(ConvAlgorithm kernel, float[] x, float[] w, float[] bias, float[] out,
      ConvGeometry g) {
    switch (kernel) {
      case DIRECT_FILTER_LANES -> VectorFilterLanesForward.run(x, w, bias, out, g);
      case DIRECT -> VectorDirectConvForward.run(x, w, bias, out, g);
      default -> throw new IllegalArgumentException(kernel + " is not a direct kernel");
    }
  }

  @Override
  public void filterGrad(ConvAlgorithm kernel, float[] x, float[] dy, float[] dw,
      ConvGeometry g) {
    switch (kernel) {
      case DIRECT_FILTER_LANES -> VectorFilterLanesFilterGrad.run(x, dy, dw, g);
      case DIRECT -> VectorDirectConvFilterGrad.run(x, dy, dw, g);
      default -> throw new IllegalArgumentException(kernel + " has no filter gradient");
    }
  }
}
