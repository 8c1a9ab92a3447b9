/**
 * Nabla's core: tensors, the graph and its {@code Op} SPI, reverse-mode autodiff, plan passes,
 * execution and inspection (DOT, text).
 */
module io.nabla.core {
  requires transitive com.google.common;

  exports io.nabla.core.autodiff;
  exports io.nabla.core.exec;
  exports io.nabla.core.graph;
  exports io.nabla.core.inspect;
  exports io.nabla.core.pass;
  exports io.nabla.core.tensor;
  // the few ops autodiff itself builds; the op library composes gradients from them
  exports io.nabla.core.primitive to io.nabla.ops, io.nabla.testing;
}
