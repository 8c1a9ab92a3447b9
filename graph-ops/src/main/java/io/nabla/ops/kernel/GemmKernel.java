package io.nabla.ops.kernel;

/**
 * One implementation of the matrix product's inner loops, over a block of C's rows and columns:
 * {@code C[i,j] (+)= Σ_p op(A)[i,p] · op(B)[p,j]} for {@code i ∈ [rowFrom, rowTo)},
 * {@code j ∈ [colFrom, colTo)}. A is stored {@code [m,k]} ({@code [k,m]} when {@code ta}); B is
 * stored {@code [k,n]} ({@code [n,k]} when {@code tb}); all row-major.
 */
interface GemmKernel {

  /** A short description for the start-up log line. */
  String describe();

  void block(float[] a, int aOff, boolean ta, float[] b, int bOff, boolean tb, float[] c,
      int cOff, int m, int n, int k, int rowFrom, int rowTo, int colFrom, int colTo,
      boolean accumulate);
}
