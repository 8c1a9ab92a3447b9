package io.nabla.nn.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Axis ticks at round numbers (multiples of 1, 2 or 5 times a power of ten). */
final class Ticks {
  private Ticks() {}

  /** A tick's position in data units and its label. */
  record Tick(double value, String label) {}

  /** About five ticks within [lo, hi], labelled with as many decimals as the step needs. */
  static List<Tick> between(double lo, double hi) {
    double raw = (hi - lo) / 5;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5
        ? 5 * mag : 10 * mag;
    int decimals = (int) Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    List<Tick> ticks = new ArrayList<>();
    for (long k = (long) Math.ceil(lo / step); k * step <= hi; k++) {
      double v = k * step;
      ticks.add(new Tick(v, String.format(Locale.ROOT, "%." + decimals + "f", v)));
    }
    return ticks;
  }
}
