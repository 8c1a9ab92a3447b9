package io.nabla.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What the benchmarks read about the running JVM: allocation, peak RSS; and their median. */
final class Probes {
  private Probes() {}

  /** Heap bytes allocated so far by all live threads (worker threads included). */
  static long allocatedBytes() {
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long id : bean.getAllThreadIds()) {
      total += Math.max(0, bean.getThreadAllocatedBytes(id));
    }
    return total;
  }

  /** The process's peak resident set so far ({@code VmHWM}), in MB; NaN off Linux. */
  static double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (java.io.IOException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
