package io.nabla.ops.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link SelectKernel} on the Vector API: one masked blend per vector of elements. */
final class VectorSelect implements SelectKernel {
  private static final VectorSpecies<Float> S = VectorWidth.S;

  @Override
  public void keepWherePositive(float[] dy, float[] x, float[] dx, int from, int to) {
    FloatVector zero = FloatVector.zero(S);
    int i = from;
    for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      zero.blend(FloatVector.fromArray(S, dy, i), v.compare(VectorOperators.GT, 0f))
          .intoArray(dx, i);
    }
    SCALAR.keepWherePositive(dy, x, dx, i, to);
  }
}
