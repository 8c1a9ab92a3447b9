package io.nabla.ops.pass;

import io.nabla.core.pass.Pipeline;

/**
 * The plan passes for graphs of the standard ops: the core's generic pipeline, the algebraic
 * identities of {@link Arithmetic}, and the layer {@link Fusion}s.
 *
 * <pre>{@code
 * Session session = new Session(graph, OpsPasses.standard());
 * }</pre>
 */
public final class OpsPasses {
  private OpsPasses() {}

  /** {@link Pipeline#standard()}, then arithmetic identities and layer fusions. */
  public static Pipeline standard() {
    return Pipeline.standard().then(Arithmetic.pass(), Fusion.reluMasks(), Fusion.layers());
  }
}
