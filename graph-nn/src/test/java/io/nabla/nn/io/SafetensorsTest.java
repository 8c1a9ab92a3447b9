package io.nabla.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  /** Several tensors in an unsorted map: a 4-D filter bank, a matrix, a vector, a scalar. */
  static Map<String, Tensor> sampleTensors() {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("fc/weight", Tensor.matrix(new float[][] {{1, -2, 3}, {0.25f, -0f, 1e-30f}}));
    tensors.put("conv1/weight", Tensor.fromFunction(Shape.of(4, 3, 3, 3), i -> 0.5 * i - 20));
    tensors.put("step", Tensor.scalar(1234f));
    tensors.put("conv1/bias", Tensor.vector(Float.MAX_VALUE, -Float.MIN_VALUE, 7, 8));
    return tensors;
  }

  @Test
  void roundTripKeepsNamesShapesValuesAndMetadata() throws IOException {
    Path file = dir.resolve("model.safetensors");
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("format", "nabla");
    metadata.put("note", "épreuve \"quoted\"\nline two\\ 😀 \u0001");

    Safetensors.write(file, sampleTensors(), metadata);
    SafetensorsFile read = Safetensors.read(file);

    assertEquals(List.of("conv1/bias", "conv1/weight", "fc/weight", "step"),
        List.copyOf(read.tensors().keySet()), "tensors come back sorted by name");
    for (Map.Entry<String, Tensor> e : sampleTensors().entrySet()) {
      Tensor back = read.tensor(e.getKey());
      assertEquals(e.getValue().shape(), back.shape(), e.getKey());
      assertArrayEquals(bits(e.getValue()), bits(back), e.getKey());
    }
    assertEquals(Shape.scalar(), read.tensor("step").shape());
    assertEquals(Shape.of(4, 3, 3, 3), read.tensor("conv1/weight").shape());
    assertEquals(metadata, read.metadata(), "the checksum key is consumed by read");
  }

  @Test
  void specialFloatsKeepTheirExactBits() throws IOException {
    Path file = dir.resolve("special.safetensors");
    float[] values = {Float.NaN, Float.intBitsToFloat(0x7fc00123), Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, -0f, 0f, Float.MIN_VALUE, Float.MIN_NORMAL, -Float.MAX_VALUE};
    Safetensors.write(file, Map.of("x", Tensor.vector(values)));

    assertArrayEquals(bits(Tensor.vector(values)), bits(Safetensors.read(file).tensor("x")));
  }

  @Test
  void emptyTensorsAndAnEmptyFileOfTensorsRoundTrip() throws IOException {
    Path none = dir.resolve("none.safetensors");
    Safetensors.write(none, Map.of(), Map.of("only", "metadata"));
    SafetensorsFile readNone = Safetensors.read(none);
    assertTrue(readNone.tensors().isEmpty());
    assertEquals(Map.of("only", "metadata"), readNone.metadata());

    Path empty = dir.resolve("empty.safetensors");
    Safetensors.write(empty, Map.of("a", Tensor.zeros(0, 3), "b", Tensor.vector(5), "c",
        Tensor.zeros(2, 0)));
    SafetensorsFile readEmpty = Safetensors.read(empty);
    assertEquals(Shape.of(0, 3), readEmpty.tensor("a").shape());
    assertEquals(Shape.of(2, 0), readEmpty.tensor("c").shape());
    assertEquals(5f, readEmpty.tensor("b").item());
  }

  @Test
  void reusedBufferLongerThanItsShapeWritesOnlyItsOwnValues() throws IOException {
    Path file = dir.resolve("wrapped.safetensors");
    Tensor wrapped = Tensor.wrap(Shape.of(2), new float[] {1, 2, 99, 99});

    Safetensors.write(file, Map.of("w", wrapped));

    assertEquals(Tensor.vector(1, 2), Safetensors.read(file).tensor("w"));
    assertEquals(8, dataBuffer(Files.readAllBytes(file)).length);
  }

  @Test
  void largeTensorCrossesManyReadAndWriteChunks() throws IOException {
    Path file = dir.resolve("large.safetensors");
    Tensor big = Tensor.fromFunction(Shape.of(300, 1001), i -> Math.sin(i) * 1e3);

    Safetensors.write(file, Map.of("big", big, "after", Tensor.vector(-1, -2, -3)));
    SafetensorsFile read = Safetensors.read(file);

    assertArrayEquals(bits(big), bits(read.tensor("big")));
    assertEquals(Tensor.vector(-1, -2, -3), read.tensor("after"));
  }

  @Test
  void headerLayoutIsTheSafetensorsFormatByteForByte() throws IOException {
    Path file = dir.resolve("layout.safetensors");
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("b", Tensor.vector(1.0f, -2.5f));
    tensors.put("a", Tensor.scalar(0.5f));

    Safetensors.write(file, tensors, Map.of("k", "v"));
    byte[] bytes = Files.readAllBytes(file);

    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, (8 + headerLength) % 8, "the data buffer starts 8-byte aligned");
    byte[] data = {
        0x00, 0x00, 0x00, 0x3f, // a = 0.5f  (0x3f000000)
        0x00, 0x00, (byte) 0x80, 0x3f, // b[0] = 1.0f (0x3f800000)
        0x00, 0x00, 0x20, (byte) 0xc0}; // b[1] = -2.5f (0xc0200000)
    assertEquals(8 + headerLength + data.length, bytes.length);
    assertArrayEquals(data, Arrays.copyOfRange(bytes, (int) (8 + headerLength), bytes.length));

    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
    String json = "{\"__metadata__\":{\"nabla.checksum\":\""
        + SafetensorsBadFileTest.wholeFileCrc32(bytes) + "\",\"k\":\"v\"},"
        + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
    assertEquals(json + " ".repeat((int) headerLength - json.length()), header,
        "compact JSON, metadata first (the checksum of the whole file leading), tensors sorted by "
        + "name, padded with spaces");
    assertTrue(headerLength - json.length() < 8, "no more padding than alignment needs");
  }

  @Test
  void writeRefusesReservedNamesAndNulls() {
    Path file = dir.resolve("refused.safetensors");
    Tensor t = Tensor.scalar(1);

    IllegalArgumentException reservedName = assertThrows(IllegalArgumentException.class,
        () -> Safetensors.write(file, Map.of("__metadata__", t)));
    assertEquals("'__metadata__' is reserved for the metadata; rename that tensor",
        reservedName.getMessage());

    IllegalArgumentException reservedKey = assertThrows(IllegalArgumentException.class,
        () -> Safetensors.write(file, Map.of("t", t), Map.of("nabla.crc32", "00000000")));
    assertEquals("metadata key 'nabla.crc32' is reserved for the checksum Nabla adds itself",
        reservedKey.getMessage());

    Map<String, Tensor> nullTensor = new LinkedHashMap<>();
    nullTensor.put("w", null);
    IllegalArgumentException nullValue = assertThrows(IllegalArgumentException.class,
        () -> Safetensors.write(file, nullTensor));
    assertEquals("tensor 'w' is null", nullValue.getMessage());

    IllegalArgumentException badText = assertThrows(IllegalArgumentException.class,
        () -> Safetensors.write(file, Map.of("t", t), Map.of("k", "cut \uD83D")));
    assertTrue(badText.getMessage().contains("unpaired surrogate"), badText.getMessage());

    assertTrue(Files.notExists(file));
  }

  @Test
  void failingTensorMapLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
    Path file = dir.resolve("model.safetensors");
    Safetensors.write(file, Map.of("old", Tensor.vector(1, 2, 3)));
    byte[] before = Files.readAllBytes(file);

    IllegalStateException failure = assertThrows(IllegalStateException.class,
        () -> Safetensors.write(file, new FailingMap(Map.of("a", Tensor.scalar(1),
            "b", Tensor.scalar(2), "c", Tensor.scalar(3)))));

    assertEquals("the model changed while it was being saved", failure.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    assertEquals(List.of(file), listing());
  }

  @Test
  void interruptedWriteLeavesTheOldFileIntactAndNoTemporaryFile() throws IOException {
    Path file = dir.resolve("model.safetensors");
    Safetensors.write(file, Map.of("old", Tensor.vector(1, 2, 3)));
    byte[] before = Files.readAllBytes(file);

    // The write reaches the temporary file, whose channel then refuses the interrupted thread.
    Thread.currentThread().interrupt();
    try {
      assertThrows(ClosedByInterruptException.class, () -> Safetensors.write(file,
          Map.of("new", Tensor.fromFunction(Shape.of(100_000), i -> i))));
    } finally {
      Thread.interrupted();
    }

    assertArrayEquals(before, Files.readAllBytes(file));
    assertEquals(Tensor.vector(1, 2, 3), Safetensors.read(file).tensor("old"));
    assertEquals(List.of(file), listing());
  }

  @Test
  void overwritingReplacesTheWholeFile() throws IOException {
    Path file = dir.resolve("model.safetensors");
    Safetensors.write(file, Map.of("big", Tensor.zeros(1000)));

    Safetensors.write(file, Map.of("small", Tensor.scalar(3)));

    SafetensorsFile read = Safetensors.read(file);
    assertEquals(Set.of("small"), read.tensors().keySet());
    assertEquals(List.of(file), listing());
  }

  @Test
  void resultMapsCannotBeModified() throws IOException {
    Path file = dir.resolve("model.safetensors");
    Safetensors.write(file, Map.of("a", Tensor.scalar(1)), Map.of("k", "v"));
    SafetensorsFile read = Safetensors.read(file);

    assertThrows(UnsupportedOperationException.class, () -> read.tensors().remove("a"));
    assertThrows(UnsupportedOperationException.class, () -> read.metadata().put("x", "y"));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> read.tensor("b"));
    assertEquals("no tensor 'b' in this file; it holds [a]", missing.getMessage());
  }

  /** A map whose iteration fails after its first entry, as a concurrently changed map would. */
  private static final class FailingMap extends AbstractMap<String, Tensor> {
    private final Map<String, Tensor> entries;

    FailingMap(Map<String, Tensor> entries) {
      this.entries = entries;
    }

    @Override
    public Set<Entry<String, Tensor>> entrySet() {
      return new java.util.AbstractSet<>() {
        @Override
        public Iterator<Entry<String, Tensor>> iterator() {
          Iterator<Entry<String, Tensor>> inner = entries.entrySet().iterator();
          return new Iterator<>() {
            private int served;

            @Override
            public boolean hasNext() {
              return inner.hasNext();
            }

            @Override
            public Entry<String, Tensor> next() {
              if (served++ == 1) {
                throw new IllegalStateException("the model changed while it was being saved");
              }
              return inner.next();
            }
          };
        }

        @Override
        public int size() {
          return entries.size();
        }
      };
    }
  }

  private List<Path> listing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  static int[] bits(Tensor t) {
    int[] bits = new int[t.size()];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = Float.floatToRawIntBits(t.get(i));
    }
    return bits;
  }

  static String crc32(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    return String.format("%08x", crc.getValue());
  }

  /** The bytes after the header of a safetensors file. */
  static byte[] dataBuffer(byte[] file) {
    long headerLength = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return Arrays.copyOfRange(file, (int) (8 + headerLength), file.length);
  }
}
