/**
 * Neural networks on Nabla's graph: layers, models and their builders, initializers,
 * optimizers, the trainer, data sets, checkpoints (safetensors) and pictures (PNG).
 */
module io.nabla.nn {
  requires transitive io.nabla.ops;
  // the pictures of io.nabla.nn.viz: AWT drawing and ImageIO's PNG writer
  requires java.desktop;

  exports io.nabla.nn.data;
  exports io.nabla.nn.init;
  exports io.nabla.nn.io;
  exports io.nabla.nn.layer;
  exports io.nabla.nn.model;
  exports io.nabla.nn.optim;
  exports io.nabla.nn.train;
  exports io.nabla.nn.viz;
}
