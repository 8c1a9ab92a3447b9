package io.nabla.nn.io;

import io.nabla.core.tensor.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The meaning of a safetensors header: which tensors the data buffer holds, with their dtype,
 * shape and byte range, and the string metadata.
 *
 * <p>{@link #parse} turns the header's JSON into entries and checks everything the format
 * promises before a byte of data is read: each tensor is F32 with a valid shape whose size
 * matches its byte range, and the ranges tile the data buffer exactly — no overlap, no hole,
 * nothing missing at the end, nothing left over. {@link #layOut} and {@link #toJson} do the
 * opposite for writing.
 */
final class SafetensorsHeader {
  /** The reserved header key of the free-form string metadata. */
  static final String METADATA_KEY = "__metadata__";
  /** The only dtype Nabla reads and writes: little-endian IEEE 754 binary32. */
  static final String F32 = "F32";
  static final int F32_BYTES = 4;

  private static final Set<String> FIELDS = Set.of("dtype", "shape", "data_offsets");

  /** One tensor: its name, shape and byte range {@code [begin, end)} in the data buffer. */
  record Entry(String name, Shape shape, long begin, long end) {
    long length() {
      return end - begin;
    }

    String describe() {
      return "'" + name + "' " + shape.describe() + " data_offsets [" + begin + ", " + end + "]";
    }
  }

  private final List<Entry> entries;
  private final Map<String, String> metadata;

  private SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {
    this.entries = List.copyOf(entries);
    this.metadata = metadata;
  }

  /** Lays tensors of the given shapes out back to back, in the map's order. */
  static SafetensorsHeader layOut(Map<String, Shape> shapes, Map<String, String> metadata) {
    List<Entry> entries = new ArrayList<>();
    long offset = 0;
    for (Map.Entry<String, Shape> e : shapes.entrySet()) {
      long end = offset + (long) e.getValue().size() * F32_BYTES;
      entries.add(new Entry(e.getKey(), e.getValue(), offset, end));
      offset = end;
    }
    return new SafetensorsHeader(entries, new LinkedHashMap<>(metadata));
  }

  /** The header as compact JSON: the metadata first (when there is any), then each tensor. */
  String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      root.put(METADATA_KEY, metadata);
    }
    for (Entry e : entries) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("dtype", F32);
      List<Long> dims = new ArrayList<>();
      for (int d : e.shape().dims()) {
        dims.add((long) d);
      }
      fields.put("shape", dims);
      fields.put("data_offsets", List.of(e.begin(), e.end()));
      root.put(e.name(), fields);
    }
    return Json.write(root);
  }

  /** The tensors in the order of their bytes in the data buffer. */
  List<Entry> entries() {
    return entries;
  }

  /** The metadata, in header order. */
  Map<String, String> metadata() {
    return metadata;
  }

  /** Bytes of the data buffer that the tensors fill. */
  long dataLength() {
    return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).end();
  }

  /**
   * Reads and checks the header of {@code file}.
   *
   * @param text the header, decoded from UTF-8, trailing padding included
   * @param dataLength the number of bytes after the header
   * @throws CheckpointFormatException naming {@code file} and the first problem found
   */
  static SafetensorsHeader parse(Path file, String text, long dataLength) {
    return new Parser(file).parse(text, dataLength);
  }

  /** Holds the file for messages while the header is checked. */
  private static final class Parser {
    private final Path file;

    Parser(Path file) {
      this.file = file;
    }

    SafetensorsHeader parse(String text, long dataLength) {
      if (!text.startsWith("{")) {
        throw bad("the header must be a JSON object starting with '{' but starts with "
            + (text.isEmpty() ? "nothing" : "'" + text.substring(0, Math.min(16, text.length()))
            + "'") + "; is this a safetensors file?");
      }
      Object root;
      try {
        root = Json.parse(text);
      } catch (JsonException e) {
        throw new CheckpointFormatException(file, "the JSON header is malformed: "
            + e.getMessage() + "; the file is damaged or was not written as safetensors", e);
      }
      List<Entry> entries = new ArrayList<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : asObject(root).entrySet()) {
        if (e.getKey().equals(METADATA_KEY)) {
          metadata = metadata(e.getValue());
        } else {
          entries.add(entry(e.getKey(), e.getValue()));
        }
      }
      entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
      checkTiling(entries, dataLength);
      return new SafetensorsHeader(entries, metadata);
    }

    private Map<String, String> metadata(Object value) {
      if (!(value instanceof Map)) {
        throw bad(METADATA_KEY + " must be a JSON object of strings but is " + typeOf(value));
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : asObject(value).entrySet()) {
        if (!(e.getValue() instanceof String s)) {
          throw bad("metadata value of '" + e.getKey() + "' is " + typeOf(e.getValue())
              + "; safetensors metadata maps strings to strings");
        }
        metadata.put(e.getKey(), s);
      }
      return metadata;
    }

    private Entry entry(String name, Object value) {
      if (!(value instanceof Map)) {
        throw bad("tensor '" + name + "' is described by " + typeOf(value)
            + " instead of an object with dtype, shape and data_offsets");
      }
      Map<String, Object> fields = asObject(value);
      for (String field : fields.keySet()) {
        if (!FIELDS.contains(field)) {
          throw bad("tensor '" + name + "' has an unknown field '" + field
              + "'; a tensor is described by dtype, shape and data_offsets only");
        }
      }
      for (String field : List.of("dtype", "shape", "data_offsets")) {
        if (!fields.containsKey(field)) {
          throw bad("tensor '" + name + "' has no " + field
              + "; every tensor needs dtype, shape and data_offsets");
        }
      }
      Object dtype = fields.get("dtype");
      if (!(dtype instanceof String)) {
        throw bad("the dtype of tensor '" + name + "' is " + typeOf(dtype) + ", not a string");
      }
      if (!dtype.equals(F32)) {
        throw bad("tensor '" + name + "' has dtype " + dtype + ", but Nabla stores F32 "
            + "(float32) tensors only; convert the checkpoint to float32 first "
            + "(e.g. with numpy: array.astype(numpy.float32))");
      }
      Shape shape = shape(name, fields.get("shape"));
      long[] offsets = offsets(name, fields.get("data_offsets"));
      Entry entry = new Entry(name, shape, offsets[0], offsets[1]);
      long needed = (long) shape.size() * F32_BYTES;
      if (entry.length() != needed) {
        throw bad("tensor " + entry.describe() + " spans " + entry.length() + " bytes, but "
            + shape.size() + " F32 values take " + needed + " bytes");
      }
      return entry;
    }

    private Shape shape(String name, Object value) {
      if (!(value instanceof List<?> list)) {
        throw bad("the shape of tensor '" + name + "' must be a list of sizes >= 0 but is "
            + typeOf(value));
      }
      int[] dims = new int[list.size()];
      long elements = 1;
      for (int i = 0; i < dims.length; i++) {
        if (!(list.get(i) instanceof Long d) || d < 0) {
          throw bad("the shape of tensor '" + name + "' must be a list of sizes >= 0 but is "
              + Json.write(value));
        }
        if (d > Integer.MAX_VALUE) {
          throw tooLarge(name, value);
        }
        dims[i] = (int) (long) d;
        // Capped just past the limit, so the product cannot overflow; a 0 still clears it.
        elements = Math.min(elements * d, Integer.MAX_VALUE + 1L);
      }
      if (elements > Integer.MAX_VALUE) {
        throw tooLarge(name, value);
      }
      return Shape.of(dims);
    }

    private CheckpointFormatException tooLarge(String name, Object shape) {
      return bad("tensor '" + name + "' has shape " + Json.write(shape) + ", more than "
          + Integer.MAX_VALUE + " elements, the most a Nabla tensor holds");
    }

    private long[] offsets(String name, Object value) {
      if (!(value instanceof List<?> list) || list.size() != 2
          || !(list.get(0) instanceof Long begin) || !(list.get(1) instanceof Long end)
          || begin < 0 || end < begin) {
        throw bad("the data_offsets of tensor '" + name + "' must be two byte offsets "
            + "[begin, end] with 0 <= begin <= end but are " + describeValue(value));
      }
      return new long[] {begin, end};
    }

    /** The byte ranges, sorted by start, must cover {@code [0, dataLength)} exactly once. */
    private void checkTiling(List<Entry> entries, long dataLength) {
      long covered = 0;
      Entry previous = null;
      for (Entry e : entries) {
        if (e.begin() < covered) {
          throw bad("tensors " + previous.describe() + " and " + e.describe()
              + " overlap; each byte of the data buffer belongs to exactly one tensor");
        }
        if (e.begin() > covered) {
          throw bad("bytes [" + covered + ", " + e.begin() + ") of the data buffer belong to "
              + "no tensor (a hole " + (previous == null ? "before " : "between "
              + previous.describe() + " and ") + e.describe()
              + "); tensors must be packed back to back from offset 0");
        }
        covered = e.end();
        previous = e;
      }
      if (dataLength < covered) {
        throw bad("the data buffer holds " + dataLength + " bytes but the tensors need "
            + covered + " (the last, " + previous.describe() + ", ends at byte " + covered
            + "): the file is truncated");
      }
      if (dataLength > covered) {
        throw bad("the data buffer holds " + dataLength + " bytes but the tensors fill only "
            + covered + ": " + (dataLength - covered) + " trailing bytes belong to no tensor; "
            + "the file is damaged or something was appended to it");
      }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object value) {
      return (Map<String, Object>) value;
    }

    private static String typeOf(Object value) {
      if (value instanceof Map) {
        return "an object";
      } else if (value instanceof List) {
        return "a list " + Json.write(value);
      } else if (value instanceof String s) {
        return "the string \"" + s + "\"";
      }
      return "the number " + value;
    }

    private static String describeValue(Object value) {
      return value instanceof Map ? "an object" : Json.write(value);
    }

    private CheckpointFormatException bad(String problem) {
      return new CheckpointFormatException(file, problem);
    }
  }
}
