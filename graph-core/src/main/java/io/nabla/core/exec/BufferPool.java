package io.nabla.core.exec;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Float arrays released by one run and taken again by the next, keyed by length, so a steady
 * run allocates only what it hands to its caller. One pool per thread: never shared.
 *
 * <p>With assertions enabled (as in tests) a recycled array is filled with NaN, so a kernel that
 * reads its output before writing every element is caught at once.
 */
final class BufferPool {
  private static final boolean POISON = BufferPool.class.desiredAssertionStatus();

  /** Lengths seen so far, sorted, and the free arrays of each: no boxed keys on every call. */
  private int[] lengths = new int[0];
  private ArrayDeque<float[]>[] free = newQueues(0);

  float[] take(int length) {
    int i = Arrays.binarySearch(lengths, length);
    float[] a = i < 0 ? null : free[i].poll();
    if (a == null) {
      return new float[length];
    }
    if (POISON) {
      Arrays.fill(a, Float.NaN);
    }
    return a;
  }

  void give(float[] array) {
    int i = Arrays.binarySearch(lengths, array.length);
    if (i < 0) {
      i = -i - 1;
      int n = lengths.length;
      int[] l = new int[n + 1];
      ArrayDeque<float[]>[] q = newQueues(n + 1);
      System.arraycopy(lengths, 0, l, 0, i);
      System.arraycopy(free, 0, q, 0, i);
      System.arraycopy(lengths, i, l, i + 1, n - i);
      System.arraycopy(free, i, q, i + 1, n - i);
      l[i] = array.length;
      q[i] = new ArrayDeque<>();
      lengths = l;
      free = q;
    }
    free[i].push(array);
  }

  @SuppressWarnings("unchecked")
  private static ArrayDeque<float[]>[] newQueues(int n) {
    return (ArrayDeque<float[]>[]) new ArrayDeque<?>[n];
  }
}
