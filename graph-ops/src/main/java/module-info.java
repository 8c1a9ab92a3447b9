/**
 * The standard op library ({@code Ops}, {@code NnOps}), and its plan passes. The CPU kernels ({@code io.nabla.ops.kernel}) are not exported.
 *
 * <p>The Vector API is optional: with {@code --add-modules jdk.incubator.vector} the SIMD
 * kernels run, without it the scalar ones (the module is then not resolved, and no class of the
 * SIMD path is loaded).
 */
module io.nabla.ops {
  requires transitive io.nabla.core;
  requires static jdk.incubator.vector;

  exports io.nabla.ops;
  exports io.nabla.ops.loss;
  exports io.nabla.ops.math;
  exports io.nabla.ops.nn;
  exports io.nabla.ops.pass;
}
