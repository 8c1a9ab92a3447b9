package io.nabla.ops.kernel;

/**
 * The convolution kernels {@link ConvPlanner} chooses between, by the name its log line and
 * {@code -Dnabla.conv.kernel} use.
 */
public enum ConvAlgorithm {
  /** A chunk of the batch unfolded into a patch matrix (im2col) and one wide GEMM; any shape. */
  IM2COL_GEMM("im2col-gemm"),
  /** A 1×1 kernel of stride 1 without padding: the image already is the patch matrix. */
  POINTWISE_GEMM("pointwise-gemm"),
  /** From zero-bordered images, a vector of output columns by a block of filters (SIMD). */
  DIRECT("direct"),
  /** From zero-bordered images, the filters across the lanes (SIMD; narrow rows). */
  DIRECT_FILTER_LANES("direct-filter-lanes");

  private final String label;

  ConvAlgorithm(String label) {
    this.label = label;
  }

  /** The name in log lines and in {@code -Dnabla.conv.kernel}. */
  public String label() {
    return label;
  }

  /** The kernel called {@code label}. */
  public static ConvAlgorithm byLabel(String label) {
    for (ConvAlgorithm a : values()) {
      if (a.label.equals(label)) {
        return a;
      }
    }
    throw new IllegalArgumentException("no convolution kernel '" + label + "'; known: "
        + java.util.Arrays.stream(values()).map(ConvAlgorithm::label).toList());
  }

  /** Whether the kernel computes from zero-bordered images (a {@link DirectConvKernel}). */
  boolean direct() {
    return this == DIRECT || this == DIRECT_FILTER_LANES;
  }
}
