package io.nabla.nn.io;

import static io.nabla.nn.io.SafetensorsTest.sampleTensors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.testing.Python;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nabla's files against independent readers and writers in Python: one written with the
 * standard library alone (json, struct, zlib), and the reference {@code safetensors} package.
 * Each test is skipped, saying why, where its Python is not installed.
 */
class SafetensorsInteropTest {
  private static final String NO_PYTHON = "no python3 (on the PATH or /usr/bin): skipping the "
      + "cross-check against an independent safetensors reader written in Python";
  private static final String NO_LIBRARY = "the Python package safetensors (with numpy) is not "
      + "installed: skipping the check against the reference safetensors implementation "
      + "(pip install safetensors numpy to run it)";

  @TempDir Path dir;

  private static Map<String, String> metadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "nabla");
    metadata.put("note", "λ \"quoted\" \\ 😀 \n");
    return metadata;
  }

  @Test
  void standardLibraryPythonReadsWhatNablaWrites() throws Exception {
    Python python = python("import json, struct, zlib", NO_PYTHON);
    Path file = dir.resolve("nabla.safetensors");
    Safetensors.write(file, sampleTensors(), metadata());

    Map<String, Object> seen =
        object(Json.parse(python.run(dir, getClass(), "read_plain.py", file)));

    long headerLength = (Long) seen.get("header_length");
    assertEquals(0, (8 + headerLength) % 8, "data 8-byte aligned");
    String padding = (String) seen.get("padding");
    assertTrue(padding.isBlank() && padding.replace(" ", "").isEmpty() && padding.length() < 8,
        "padding of fewer than 8 spaces: '" + padding + "'");
    List<String> names = new ArrayList<>(new TreeMap<>(sampleTensors()).keySet());
    List<String> keys = new ArrayList<>(List.of("__metadata__"));
    keys.addAll(names);
    assertEquals(keys, seen.get("keys"), "metadata first, then tensors sorted by name");

    Map<String, Object> seenMetadata = object(seen.get("metadata"));
    Map<String, String> expectedMetadata = new TreeMap<>(metadata());
    expectedMetadata.put(Safetensors.CHECKSUM_KEY, (String) seen.get("crc32"));
    assertEquals(expectedMetadata, seenMetadata,
        "metadata, and a CRC32 of the whole file that zlib agrees with");

    Map<String, Object> seenTensors = object(seen.get("tensors"));
    long offset = 0;
    for (String name : names) {
      Tensor expected = sampleTensors().get(name);
      Map<String, Object> t = object(seenTensors.get(name));
      assertEquals("F32", t.get("dtype"), name);
      assertEquals(dims(expected.shape()), t.get("shape"), name);
      long end = offset + 4L * expected.size();
      assertEquals(List.of(offset, end), t.get("data_offsets"), name + " packed in name order");
      assertEquals(unsignedBits(expected), t.get("bits"), name + " little-endian float32");
      offset = end;
    }
    assertEquals(offset, seen.get("data_length"));
  }

  @Test
  void nablaReadsWhatStandardLibraryPythonWrites() throws Exception {
    Python python = python("import json, struct", NO_PYTHON);
    Path file = dir.resolve("python.safetensors");
    python.run(dir, getClass(), "write_plain.py", file);

    SafetensorsFile read = Safetensors.read(file);

    assertEquals(List.of("a/first", "empty", "scalar", "z/last"),
        List.copyOf(read.tensors().keySet()));
    assertArrayEquals(new float[] {0.1f, -0f, Float.POSITIVE_INFINITY},
        read.tensor("a/first").toArray());
    assertEquals(Shape.of(2, 0), read.tensor("empty").shape());
    assertEquals(Tensor.scalar(42), read.tensor("scalar"));
    assertEquals(Tensor.of(new float[] {1.5f, -2f, 3.25f, 1e-3f}, 2, 2), read.tensor("z/last"));
    assertEquals(Map.of("format", "pt", "note", "written by plain python: λ 😀"),
        read.metadata());
  }

  @Test
  void referenceLibraryLoadsWhatNablaWrites() throws Exception {
    Python python = python("import numpy, safetensors.numpy", NO_LIBRARY);
    Path file = dir.resolve("nabla.safetensors");
    Safetensors.write(file, sampleTensors(), metadata());

    Map<String, Object> seen =
        object(Json.parse(python.run(dir, getClass(), "safetensors_lib.py", "load", file)));

    Map<String, Object> seenMetadata = object(seen.get("metadata"));
    assertEquals(metadata().get("note"), seenMetadata.get("note"));
    assertEquals(metadata().get("format"), seenMetadata.get("format"));
    Map<String, Object> seenTensors = object(seen.get("tensors"));
    assertEquals(sampleTensors().keySet(), seenTensors.keySet());
    for (Map.Entry<String, Tensor> e : sampleTensors().entrySet()) {
      Map<String, Object> t = object(seenTensors.get(e.getKey()));
      assertEquals("float32", t.get("dtype"), e.getKey());
      assertEquals(dims(e.getValue().shape()), t.get("shape"), e.getKey());
      assertEquals(unsignedBits(e.getValue()), t.get("bits"), e.getKey());
    }
  }

  @Test
  void nablaReadsWhatTheReferenceLibrarySaves() throws Exception {
    Python python = python("import numpy, safetensors.numpy", NO_LIBRARY);
    Path file = dir.resolve("reference.safetensors");
    python.run(dir, getClass(), "safetensors_lib.py", "save", file);

    SafetensorsFile read = Safetensors.read(file);

    assertEquals(List.of("bias", "conv/weight", "scale"), List.copyOf(read.tensors().keySet()));
    assertEquals(Tensor.fromFunction(Shape.of(2, 3, 2, 2), i -> i * 0.5 - 3),
        read.tensor("conv/weight"));
    assertEquals(Tensor.vector(0.1f, -0.2f, 0.3f), read.tensor("bias"));
    assertEquals(Tensor.scalar(2.5f), read.tensor("scale"));
    assertEquals(Map.of("format", "np", "source", "safetensors.numpy"), read.metadata());
  }

  /** An interpreter that runs {@code check}; the test is skipped with {@code why} if none does. */
  private static Python python(String check, String why) {
    Optional<Python> python = Python.find(check);
    assumeTrue(python.isPresent(), why);
    return python.get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object json) {
    return (Map<String, Object>) json;
  }

  private static List<Long> dims(Shape shape) {
    List<Long> dims = new ArrayList<>();
    for (int d : shape.dims()) {
      dims.add((long) d);
    }
    return dims;
  }

  private static List<Long> unsignedBits(Tensor t) {
    List<Long> bits = new ArrayList<>();
    for (int b : SafetensorsTest.bits(t)) {
      bits.add(Integer.toUnsignedLong(b));
    }
    return bits;
  }
}
