package io.nabla.testing.fuzz;

import io.nabla.core.exec.GraphRunException;

/**
 * Tells a step the operands do not suit (a shape error, an argument out of range: draw another)
 * from a defect of an op: a crash of its kernel, or a shape rule whose run-time answer
 * contradicts its static one. The fuzzer must not skip the latter silently.
 */
final class Defects {
  private Defects() {}

  /** True when {@code e}, or what caused it, shows a defect rather than an unsuitable step. */
  static boolean isDefect(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IndexOutOfBoundsException || t instanceof NullPointerException
          || t instanceof ArithmeticException || t instanceof ClassCastException
          || t instanceof NegativeArraySizeException) {
        return true;
      }
      if (t instanceof GraphRunException && String.valueOf(t.getMessage())
          .contains("which does not fit the static shape")) {
        return true;
      }
    }
    return false;
  }
}
