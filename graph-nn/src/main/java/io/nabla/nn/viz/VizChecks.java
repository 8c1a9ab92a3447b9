package io.nabla.nn.viz;

import io.nabla.core.tensor.Tensor;

/** Argument checks shared by the pictures; every message names the expected and actual shape. */
final class VizChecks {
  private VizChecks() {}

  static Tensor notNull(Tensor t, String what) {
    if (t == null) {
      throw new IllegalArgumentException(what + " " + verb(what) + " null");
    }
    return t;
  }

  /** Throws unless {@code t} has {@code rank} dimensions; {@code expected} reads e.g. "[n,2]". */
  static void rank(Tensor t, int rank, String what, String expected) {
    notNull(t, what);
    if (t.shape().rank() != rank) {
      throw new IllegalArgumentException(
          what + " must be " + expected + " but " + verb(what) + " " + t.shape().describe());
    }
  }

  /** Throws when {@code t} holds no values: there would be nothing to draw. */
  static void notEmpty(Tensor t, String what) {
    if (t.size() == 0) {
      throw new IllegalArgumentException(
          what + " " + verb(what) + " empty (" + t.shape().describe()
              + "); there is nothing to draw");
    }
  }

  /**
   * The {@code [C,H,W]} dimensions of one image or stack of maps, given as {@code [C,H,W]} or
   * as a batch of one {@code [1,C,H,W]}.
   */
  static int[] chw(Tensor t, String what) {
    notNull(t, what);
    int[] d = t.shape().dims();
    if (d.length == 3) {
      notEmpty(t, what);
      return d;
    }
    if (d.length == 4 && d[0] == 1) {
      notEmpty(t, what);
      return new int[] {d[1], d[2], d[3]};
    }
    String hint = d.length == 4 ? "; pass a single example, not a batch of " + d[0] : "";
    throw new IllegalArgumentException(what + " must be [C,H,W] or [1,C,H,W] but "
        + verb(what) + " " + t.shape().describe() + hint);
  }

  /** "are" for a plural subject ("filters", "activations of 'conv1'"), else "is". */
  static String verb(String what) {
    int space = what.indexOf(' ');
    String first = space < 0 ? what : what.substring(0, space);
    return first.endsWith("s") ? "are" : "is";
  }
}
