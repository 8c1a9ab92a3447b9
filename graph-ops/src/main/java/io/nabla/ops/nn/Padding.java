package io.nabla.ops.nn;

import com.google.common.base.Preconditions;
import java.util.Locale;

/**
 * How a 2-D window op pads its input: explicit amounts per side, {@code valid} (none) or
 * {@code same} (enough that {@code out = ceil(in / stride)}; an odd total puts the extra row or
 * column at the bottom or right, as TensorFlow and PyTorch do).
 */
public final class Padding {
  private enum Mode { EXPLICIT, VALID, SAME }

  private static final Padding VALID = new Padding(Mode.VALID, 0, 0, 0, 0);
  private static final Padding SAME = new Padding(Mode.SAME, 0, 0, 0, 0);

  private final Mode mode;
  private final int top;
  private final int bottom;
  private final int left;
  private final int right;

  private Padding(Mode mode, int top, int bottom, int left, int right) {
    this.mode = mode;
    this.top = top;
    this.bottom = bottom;
    this.left = left;
    this.right = right;
  }

  /** No padding. */
  public static Padding valid() {
    return VALID;
  }

  /** Padding that keeps {@code out = ceil(in / stride)}. */
  public static Padding same() {
    return SAME;
  }

  /** {@code p} on every side. */
  public static Padding of(int p) {
    return of(p, p, p, p);
  }

  /** {@code vertical} above and below, {@code horizontal} left and right. */
  public static Padding of(int vertical, int horizontal) {
    return of(vertical, vertical, horizontal, horizontal);
  }

  /** Explicit amounts per side. */
  public static Padding of(int top, int bottom, int left, int right) {
    Preconditions.checkArgument(top >= 0 && bottom >= 0 && left >= 0 && right >= 0,
        "padding must be >= 0 on every side, not top %s bottom %s left %s right %s; use 0 for no"
            + " padding, and crop(...) to remove rows or columns",
        top, bottom, left, right);
    return new Padding(Mode.EXPLICIT, top, bottom, left, right);
  }

  /**
   * The padding before and after one spatial axis of size {@code in}, for a window of effective
   * size {@code span} (dilated kernel) moving by {@code stride}; {@code vertical} picks the axis.
   */
  int[] resolve(int in, int span, int stride, boolean vertical) {
    return switch (mode) {
      case VALID -> new int[] {0, 0};
      case EXPLICIT -> vertical ? new int[] {top, bottom} : new int[] {left, right};
      case SAME -> {
        int out = (in + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + span - in, 0);
        yield new int[] {total / 2, total - total / 2};
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Padding p && p.mode == mode && p.top == top && p.bottom == bottom
        && p.left == left && p.right == right;
  }

  @Override
  public int hashCode() {
    return ((mode.hashCode() * 31 + top) * 31 + bottom) * 31 + left * 7 + right;
  }

  /** {@code valid}, {@code same}, {@code 1} or {@code (1,1,2,2)} (top, bottom, left, right). */
  @Override
  public String toString() {
    if (mode != Mode.EXPLICIT) {
      return mode.name().toLowerCase(Locale.ROOT);
    }
    if (top == bottom && bottom == left && left == right) {
      return Integer.toString(top);
    }
    return "(" + top + "," + bottom + "," + left + "," + right + ")";
  }
}
