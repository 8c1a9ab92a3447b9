/**
 * Testing helpers for op authors: the finite-difference gradient check ({@code io.nabla.testing})
 * and the gradient fuzzer over the op library ({@code io.nabla.testing.fuzz}).
 */
module io.nabla.testing {
  requires transitive io.nabla.ops;

  exports io.nabla.testing;
  exports io.nabla.testing.fuzz;
}
