package io.nabla.nn.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader and writer for the part of JSON (RFC 8259) that a safetensors header uses:
 * objects, arrays, strings with every escape, and integers.
 *
 * <p>Values are plain Java objects: an object is a {@code Map<String, Object>} keeping its key
 * order, an array a {@code List<Object>}, a string a {@code String}, an integer a {@code Long}.
 * The reader refuses what the format never needs ({@code true}, {@code false}, {@code null},
 * fractions and exponents) rather than guess, and it refuses a key that appears twice in one
 * object, trailing commas, leading zeros, unescaped control characters, unpaired surrogates
 * and text after the value. Nesting is limited to {@value #MAX_DEPTH} levels so a hostile
 * file cannot exhaust the stack.
 */
final class Json {
  /** Deepest nesting the reader accepts; a safetensors header needs three levels. */
  static final int MAX_DEPTH = 32;

  private Json() {}

  /** Parses one JSON value that fills {@code text}, surrounding whitespace aside. */
  static Object parse(String text) throws JsonException {
    Reader reader = new Reader(text);
    reader.skipWhitespace();
    Object value = reader.value(0);
    reader.skipWhitespace();
    if (reader.pos < text.length()) {
      throw reader.error("unexpected " + reader.describeNext() + " after the end of the value");
    }
    return value;
  }

  /**
   * Writes {@code value} compactly (no whitespace). Accepts maps with string keys, lists,
   * strings and integral numbers ({@code Integer}, {@code Long}); non-ASCII text is written as
   * is, to be encoded as UTF-8.
   *
   * @throws IllegalArgumentException for any other value, or a string holding an unpaired
   *     surrogate (which UTF-8 cannot encode)
   */
  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    if (value instanceof String s) {
      appendString(out, s);
    } else if (value instanceof Long || value instanceof Integer) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("JSON object keys are strings, not " + e.getKey());
        }
        out.append(separator);
        appendString(out, key);
        out.append(':');
        append(out, e.getValue());
        separator = ",";
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ",");
        append(out, list.get(i));
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("cannot write " + value + " ("
          + (value == null ? "null" : value.getClass().getSimpleName())
          + ") as JSON; only maps, lists, strings and integers are supported");
    }
  }

  private static void appendString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            throw new IllegalArgumentException(String.format(
                "string %s holds an unpaired surrogate U+%04X at index %d, which UTF-8 cannot "
                    + "encode; is it a truncated character?", quoteForMessage(s), (int) c, i));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static String quoteForMessage(String s) {
    return "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
  }

  /** Recursive-descent reader over a string; {@link #pos} is the next unread character. */
  private static final class Reader {
    private final String text;
    private int pos;

    Reader(String text) {
      this.text = text;
    }

    Object value(int depth) throws JsonException {
      if (depth > MAX_DEPTH) {
        throw error("nesting deeper than " + MAX_DEPTH + " levels");
      }
      if (pos >= text.length()) {
        throw error("the text ends where a value was expected");
      }
      char c = text.charAt(pos);
      if (c == '{') {
        return object(depth);
      } else if (c == '[') {
        return array(depth);
      } else if (c == '"') {
        return string();
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        return integer();
      }
      throw error("unexpected " + describeNext()
          + "; expected an object, an array, a string or an integer (the only values used here)");
    }

    private Map<String, Object> object(int depth) throws JsonException {
      Map<String, Object> members = new LinkedHashMap<>();
      pos++;
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        return members;
      }
      while (true) {
        if (peek() != '"') {
          throw error("expected a quoted key but found " + describeNext());
        }
        int keyStart = pos;
        String key = string();
        skipWhitespace();
        expect(':', "after the key \"" + key + "\"");
        skipWhitespace();
        Object value = value(depth + 1);
        if (members.containsKey(key)) {
          pos = keyStart;
          throw error("the key \"" + key + "\" appears twice in one object");
        }
        members.put(key, value);
        skipWhitespace();
        if (peek() == ',') {
          pos++;
          skipWhitespace();
        } else if (peek() == '}') {
          pos++;
          return members;
        } else {
          throw error("expected ',' or '}' after the value of \"" + key + "\" but found "
              + describeNext());
        }
      }
    }

    private List<Object> array(int depth) throws JsonException {
      List<Object> items = new ArrayList<>();
      pos++;
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        return items;
      }
      while (true) {
        items.add(value(depth + 1));
        skipWhitespace();
        if (peek() == ',') {
          pos++;
          skipWhitespace();
        } else if (peek() == ']') {
          pos++;
          return items;
        } else {
          throw error("expected ',' or ']' in an array but found " + describeNext());
        }
      }
    }

    private String string() throws JsonException {
      int start = pos;
      pos++;
      StringBuilder out = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          pos = start;
          throw error("the string starting here is never closed");
        }
        char c = text.charAt(pos);
        if (c == '"') {
          pos++;
          return out.toString();
        } else if (c == '\\') {
          escape(out);
        } else if (c < 0x20) {
          throw error(String.format(
              "control character U+%04X must be escaped in a string", (int) c));
        } else {
          out.append(c);
          pos++;
        }
      }
    }

    private void escape(StringBuilder out) throws JsonException {
      int start = pos;
      pos++;
      char c = pos < text.length() ? text.charAt(pos) : 0;
      pos++;
      switch (c) {
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case '/' -> out.append('/');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          char unit = hex4(start);
          if (Character.isHighSurrogate(unit)) {
            if (!text.startsWith("\\u", pos)) {
              pos = start;
              throw error(String.format("escape \\u%04X starts a surrogate pair that is never "
                  + "completed", (int) unit));
            }
            pos += 2;
            char low = hex4(pos - 2);
            if (!Character.isLowSurrogate(low)) {
              pos = start;
              throw error(String.format("escape \\u%04X is followed by \\u%04X, not by the second "
                  + "half of a surrogate pair", (int) unit, (int) low));
            }
            out.append(unit).append(low);
          } else if (Character.isLowSurrogate(unit)) {
            pos = start;
            throw error(String.format("escape \\u%04X is the second half of a surrogate pair "
                + "without a first half", (int) unit));
          } else {
            out.append(unit);
          }
        }
        default -> {
          pos = start;
          throw error("unknown escape \\" + (c == 0 ? "" : String.valueOf(c))
              + "; JSON knows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX");
        }
      }
    }

    /** Reads four hex digits at {@link #pos}; {@code escapeStart} is where the escape began. */
    private char hex4(int escapeStart) throws JsonException {
      int value = 0;
      for (int i = 0; i < 4; i++) {
        int digit = pos + i < text.length() ? Character.digit(text.charAt(pos + i), 16) : -1;
        if (digit < 0) {
          String found = text.substring(escapeStart, Math.min(escapeStart + 6, text.length()));
          pos = escapeStart;
          throw error("a \\u escape needs four hex digits, found \"" + found + "\"");
        }
        value = value * 16 + digit;
      }
      pos += 4;
      return (char) value;
    }

    private Long integer() throws JsonException {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      int digitsStart = pos;
      while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
        pos++;
      }
      if (pos == digitsStart) {
        throw error("a '-' must be followed by digits");
      }
      if (text.charAt(digitsStart) == '0' && pos - digitsStart > 1) {
        pos = start;
        throw error("a number must not have leading zeros");
      }
      char next = peek();
      if (next == '.' || next == 'e' || next == 'E') {
        pos = start;
        throw error("only integers are used here, not fractions or exponents");
      }
      String literal = text.substring(start, pos);
      try {
        return Long.parseLong(literal);
      } catch (NumberFormatException e) {
        pos = start;
        throw error("the integer " + literal + " does not fit in 64 bits");
      }
    }

    private void expect(char c, String where) throws JsonException {
      if (peek() != c) {
        throw error("expected '" + c + "' " + where + " but found " + describeNext());
      }
      pos++;
    }

    void skipWhitespace() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    /** The next character, or 0 at the end (0 itself is refused wherever it matters). */
    private char peek() {
      return pos < text.length() ? text.charAt(pos) : 0;
    }

    String describeNext() {
      if (pos >= text.length()) {
        return "the end of the text";
      }
      char c = text.charAt(pos);
      return c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }

    JsonException error(String problem) {
      return new JsonException(problem + " (at character " + pos + ")");
    }
  }
}
