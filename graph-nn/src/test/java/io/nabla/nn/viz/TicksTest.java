package io.nabla.nn.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TicksTest {
  private static List<String> labels(double lo, double hi) {
    return Ticks.between(lo, hi).stream().map(Ticks.Tick::label).collect(Collectors.toList());
  }

  @Test
  void roundStepsWithTheDecimalsTheyNeed() {
    assertEquals(List.of("-2", "-1", "0", "1", "2"), labels(-2.4, 2.4));
    assertEquals(List.of("-0.10", "-0.05", "0.00", "0.05", "0.10"), labels(-0.12, 0.12));
    assertEquals(List.of("0", "200", "400", "600", "800", "1000"), labels(-10, 1010));
  }
}
