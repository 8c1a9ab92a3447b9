package io.nabla.core.exec;

import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.tensor.Shape;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The heap one run of a plan needs for its output buffers, worked out from the run-time shapes
 * before anything is allocated, and whether the heap can give it. The estimate replays the run
 * against a {@link BufferPool} that starts empty: each step takes a buffer, reusing one of the
 * same length released earlier, and gives back the buffers that die after it. So a run that
 * would end in an {@link OutOfMemoryError} deep inside a kernel fails at once, saying why.
 */
final class BufferEstimate {
  /** The most elements one float array can hold. */
  static final long MAX_ARRAY = Integer.MAX_VALUE;

  private final long bytes;
  private final Node largest;
  private final Shape largestShape;
  private final long largestBytes;

  private BufferEstimate(long bytes, Node largest, Shape largestShape, long largestBytes) {
    this.bytes = bytes;
    this.largest = largest;
    this.largestShape = largestShape;
    this.largestBytes = largestBytes;
  }

  /**
   * The buffers a run of {@code order} takes when node {@code i} has run-time shape
   * {@code shapes[i]} and the slots {@code releaseAfter[i]} die after step {@code i}.
   */
  static BufferEstimate of(Node[] order, Shape[] shapes, int[][] releaseAfter) {
    Map<Long, Integer> free = new HashMap<>();
    long total = 0;
    int largest = -1;
    long largestBytes = -1;
    for (int i = 0; i < order.length; i++) {
      if (order[i].kind() != NodeKind.OPERATION) {
        continue;
      }
      long b = bytes(shapes[i]);
      if (b > largestBytes) {
        largest = i;
        largestBytes = b;
      }
      Integer reusable = free.get(b);
      if (reusable != null && reusable > 0) {
        free.put(b, reusable - 1);
      } else {
        total += b;
      }
      for (int s : releaseAfter[i]) {
        free.merge(bytes(shapes[s]), 1, Integer::sum);
      }
    }
    return largest < 0 ? new BufferEstimate(0, null, null, 0)
        : new BufferEstimate(total, order[largest], shapes[largest], largestBytes);
  }

  /** Bytes the run allocates when its thread's pool holds nothing yet. */
  long bytes() {
    return bytes;
  }

  /**
   * Null when the current heap can give these buffers, else why not and what to do, to follow
   * "running …". When the heap looks too full, one garbage collection tells garbage from live
   * data before the run is refused.
   */
  String shortfall() {
    Runtime rt = Runtime.getRuntime();
    if (fits(available(rt)) || bytes > rt.maxMemory()) {
      return shortfall(rt.maxMemory(), available(rt));
    }
    System.gc();
    return shortfall(rt.maxMemory(), available(rt));
  }

  /** As {@link #shortfall()}, for a heap of {@code max} bytes of which {@code available} are free. */
  String shortfall(long max, long available) {
    if (!fits(available)) {
      return "needs an estimated " + format(bytes) + " of buffers (largest: " + largestText()
          + ") but the heap has " + format(available) + " available (max " + format(max)
          + "): use a smaller batch or raise -Xmx";
    }
    if (largestBytes / Float.BYTES > MAX_ARRAY) {
      return "needs a buffer of " + largestBytes / Float.BYTES + " elements for " + largestText()
          + ", more than one float array can hold (" + MAX_ARRAY + "): use a smaller batch";
    }
    return null;
  }

  /** Room for what is not counted (kernels' scratch, copies of the results): an eighth more. */
  private boolean fits(long available) {
    return bytes + bytes / 8 <= available;
  }

  private String largestText() {
    return "'" + largest.name() + "' " + largestShape.describe() + " " + format(largestBytes);
  }

  private static long available(Runtime rt) {
    return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
  }

  private static long bytes(Shape shape) {
    long n = Float.BYTES;
    for (int d : shape.dims()) {
      n *= d;
    }
    return n;
  }

  /** Binary units, as {@code -Xmx} counts them: {@code 37.3 GiB}. */
  static String format(long bytes) {
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
