package io.nabla.nn.optim;

import io.nabla.core.tensor.Tensor;
import java.util.List;

/** Rescales gradients whose joint L2 norm exceeds a limit, keeping their direction. */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * Scales every gradient by {@code maxNorm / norm} when the global norm is larger; returns the
   * norm before clipping.
   */
  public static double clipByGlobalNorm(List<Tensor> gradients, double maxNorm) {
    double sq = 0;
    for (Tensor g : gradients) {
      float[] d = g.data();
      for (int i = 0; i < g.size(); i++) {
        sq += (double) d[i] * d[i];
      }
    }
    double norm = Math.sqrt(sq);
    if (norm > maxNorm && norm > 0) {
      float scale = (float) (maxNorm / norm);
      for (Tensor g : gradients) {
        float[] d = g.data();
        for (int i = 0; i < g.size(); i++) {
          d[i] *= scale;
        }
      }
    }
    return norm;
  }
}
