package io.nabla.core.exec;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Float arrays released by one run and taken again by the next, keyed by length, so a steady
 * run allocates only what it hands to its caller. One pool per thread: never shared.
 *
 * <p>With assertions enabled (as in tests) a recycled array is filled with NaN, so a kernel that
 * reads its output before writing every element is caught at once.
 */
final class BufferPool {
  private static final boolean POISON = BufferPool.class.desiredAssertionStatus();

  private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();

  float[] take(int length) {
    ArrayDeque<float[]> q = free.get(length);
    float[] a = q == null ? null : q.poll();
    if (a == null) {
      return new float[length];
    }
    if (POISON) {
      Arrays.fill(a, Float.NaN);
    }
    return a;
  }

  void give(float[] array) {
    free.computeIfAbsent(array.length, k -> new ArrayDeque<>()).push(array);
  }
}
