package io.nabla.core.inspect;

import com.google.common.base.Preconditions;
import io.nabla.core.graph.Node;
import java.util.Arrays;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** An op's attributes as text, the same on every run: {@code axes=[0, 1], stride=2}. */
final class Attributes {
  private Attributes() {}

  /** The attributes of {@code node}'s op sorted by name, or an empty string if it has none. */
  static String of(Node node) {
    Map<String, Object> attributes = node.op().attributes();
    Preconditions.checkState(attributes != null,
        "%s: its op's attributes() returned null; return Map.of() for an op without attributes",
        node.describe());
    // Map.of iterates in an order that changes from run to run; sorting keeps dumps diffable.
    StringJoiner text = new StringJoiner(", ");
    new TreeMap<>(attributes).forEach((key, value) -> text.add(key + "=" + value(value)));
    return text.toString();
  }

  private static String value(Object v) {
    if (v instanceof int[] a) {
      return Arrays.toString(a);
    } else if (v instanceof long[] a) {
      return Arrays.toString(a);
    } else if (v instanceof float[] a) {
      return Arrays.toString(a);
    } else if (v instanceof double[] a) {
      return Arrays.toString(a);
    } else if (v instanceof boolean[] a) {
      return Arrays.toString(a);
    } else if (v instanceof Object[] a) {
      return Arrays.deepToString(a);
    }
    return String.valueOf(v);
  }
}
