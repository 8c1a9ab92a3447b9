package io.nabla.samples;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The machine-readable last line of a training sample:
 * {@code RESULT {"sample":"lenet","dataset":"fashion-mnist","epochs":3,…}}.
 */
final class ResultLine {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  ResultLine(String sample, String dataset) {
    fields.put("sample", sample);
    fields.put("dataset", dataset);
  }

  ResultLine put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  /** The line: strings quoted and escaped, numbers as numbers, NaN as null. */
  String format() {
    StringBuilder sb = new StringBuilder("RESULT {");
    boolean first = true;
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      sb.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(value(e.getValue()));
      first = false;
    }
    return sb.append('}').toString();
  }

  private static String value(Object v) {
    if (v instanceof Double d) {
      return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.4f", d);
    }
    if (v instanceof Float f) {
      return value(f.doubleValue());
    }
    if (v instanceof Number n) {
      return n.toString();
    }
    return quote(String.valueOf(v));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
