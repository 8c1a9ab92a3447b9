package io.nabla.ops.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one vector species every Vector API kernel uses, fixed at class initialisation: the
 * machine's preferred one, or the width {@code -Dnabla.simd.bits} asks for (128, 256 or 512) when
 * the machine runs it, so that tests can run each kernel at every width the CPU has. A
 * {@code static final} species is a constant to C2; one passed as an argument is not, and the
 * vectors would be boxed.
 */
final class VectorWidth {
  static final VectorSpecies<Float> S = choose(Integer.getInteger("nabla.simd.bits", 0));

  private VectorWidth() {}

  /** Bits of the widest float vector this machine runs (what {@code SPECIES_MAX} reports). */
  static int widest() {
    return FloatVector.SPECIES_MAX.vectorBitSize();
  }

  private static VectorSpecies<Float> choose(int bits) {
    if (bits == 0 || bits > widest()) {
      return FloatVector.SPECIES_PREFERRED;
    }
    return FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(bits));
  }
}
