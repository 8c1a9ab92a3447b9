package io.nabla.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  private static final String ENDS_EARLY = "the stream ends early, inside the compressed data or"
      + " its 8-byte trailer (the file is cut short); the file is damaged or incomplete, fetch it"
      + " again";

  @TempDir
  Path dir;

  private static Tensor randomBytes(long seed, int... dims) {
    Random r = new Random(seed);
    return Tensor.fromFunction(Shape.of(dims), i -> r.nextInt(256));
  }

  /** An IDX header of the given type code and dims, followed by {@code data}. */
  private static byte[] idx(int type, int[] dims, byte[] data) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
    for (int d : dims) {
      b.putInt(d);
    }
    return b.put(data).array();
  }

  private static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    }
    return bytes.toByteArray();
  }

  private Path file(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private String failure(Path file) {
    return assertThrows(IdxFormatException.class, () -> IdxReader.read(file)).getMessage();
  }

  @Test
  void rawRoundTripKeepsDimsAndValues() {
    Tensor t = randomBytes(1, 3, 4, 5);
    Path f = dir.resolve("t.idx");
    IdxReader.write(f, t, false);
    assertEquals(t, IdxReader.read(f));
  }

  @Test
  void gzipRoundTripKeepsDimsAndValues() throws IOException {
    Tensor t = randomBytes(2, 7, 28, 28);
    Path f = dir.resolve("images.gz");
    IdxReader.write(f, t, true);
    byte[] head = Arrays.copyOf(Files.readAllBytes(f), 2);
    assertArrayEquals(new byte[] {0x1f, (byte) 0x8b}, head);
    assertEquals(t, IdxReader.read(f));
  }

  @Test
  void compressionIsDetectedByContentNotByName() throws IOException {
    Tensor t = randomBytes(3, 10);
    Path gzipNamedPlain = dir.resolve("labels-idx1-ubyte");
    Path plainNamedGzip = dir.resolve("labels-idx1-ubyte.gz");
    IdxReader.write(gzipNamedPlain, t, true);
    IdxReader.write(plainNamedGzip, t, false);
    assertEquals(0x1f, Files.readAllBytes(gzipNamedPlain)[0]);
    assertEquals(0, Files.readAllBytes(plainNamedGzip)[0]);
    assertEquals(t, IdxReader.read(gzipNamedPlain));
    assertEquals(t, IdxReader.read(plainNamedGzip));
  }

  @Test
  void writeReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
    Path f = dir.resolve("t.idx");
    IdxReader.write(f, randomBytes(4, 100), false);
    Tensor second = randomBytes(5, 2, 3);
    IdxReader.write(f, second, false);
    assertEquals(second, IdxReader.read(f));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(f), files.toList());
    }
  }

  @Test
  void writeRefusesValuesThatAreNotBytes() {
    Path f = dir.resolve("bad.idx");
    for (float v : new float[] {3.5f, 256f, -1f, Float.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> IdxReader.write(f, Tensor.vector(0, 1, v), false));
      assertEquals("cannot write f32[3] to bad.idx as unsigned bytes: element 2 is " + v
          + " but only whole numbers 0..255 fit; scale images in [0, 1] by 255 and round first",
          e.getMessage());
    }
    assertThrows(IllegalArgumentException.class,
        () -> IdxReader.write(f, Tensor.scalar(1), false));
    assertTrue(Files.notExists(f));
  }

  @Test
  void readsTheOtherElementTypes() throws IOException {
    byte[] signed = {-1, 127, -128};
    assertArrayEquals(new float[] {-1, 127, -128},
        IdxReader.read(file("s8", idx(0x09, new int[] {3}, signed))).toArray());
    ByteBuffer shorts = ByteBuffer.allocate(4).putShort((short) -300).putShort((short) 7);
    assertArrayEquals(new float[] {-300, 7},
        IdxReader.read(file("s16", idx(0x0B, new int[] {2}, shorts.array()))).toArray());
    ByteBuffer ints = ByteBuffer.allocate(8).putInt(-70000).putInt(123456);
    assertArrayEquals(new float[] {-70000, 123456},
        IdxReader.read(file("s32", idx(0x0C, new int[] {2}, ints.array()))).toArray());
    ByteBuffer floats = ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-0.25f);
    Tensor f = IdxReader.read(file("f32", idx(0x0D, new int[] {1, 2}, floats.array())));
    assertEquals(Shape.of(1, 2), f.shape());
    assertArrayEquals(new float[] {1.5f, -0.25f}, f.toArray());
    ByteBuffer doubles = ByteBuffer.allocate(16).putDouble(2.5).putDouble(-1e3);
    assertArrayEquals(new float[] {2.5f, -1000f},
        IdxReader.read(file("f64", idx(0x0E, new int[] {2}, doubles.array()))).toArray());
  }

  @Test
  void readValuesKeepsUnsignedBytesAsBytesAndReadsOtherTypesAsFloats() throws IOException {
    Tensor t = randomBytes(4, 5, 28, 28);
    for (boolean gzip : new boolean[] {false, true}) {
      Path f = dir.resolve("images" + gzip);
      IdxReader.write(f, t, gzip);
      IdxReader.Contents c = IdxReader.readValues(f);
      assertTrue(c.values() instanceof Values.Bytes, "gzip " + gzip);
      assertArrayEquals(new int[] {5, 28, 28}, c.dims());
      assertArrayEquals(t.toArray(), c.values().rows(null, 0, 5, 784), 0f);
    }
    byte[] floats = ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-2f).array();
    IdxReader.Contents c = IdxReader.readValues(file("f", idx(0x0D, new int[] {2}, floats)));
    assertTrue(c.values() instanceof Values.Floats);
    assertArrayEquals(new float[] {1.5f, -2f}, c.values().rows(null, 0, 2, 1), 0f);
  }

  @Test
  void readValuesRefusesTruncatedBytesLikeRead() throws IOException {
    Path raw = file("train-images-idx3-ubyte", idx(0x08, new int[] {10, 28, 28}, new byte[1000]));
    byte[] data = new byte[1000];
    new Random(6).nextBytes(data);
    Path gz = file("train-images-idx3-ubyte.gz", gzip(idx(0x08, new int[] {100, 28, 28}, data)));
    for (Path f : List.of(raw, gz)) {
      assertEquals(failure(f), assertThrows(IdxFormatException.class,
          () -> IdxReader.readValues(f)).getMessage());
    }
  }

  @Test
  void truncatedRawData() throws IOException {
    Path f = file("train-images-idx3-ubyte", idx(0x08, new int[] {10, 28, 28}, new byte[1000]));
    assertEquals("train-images-idx3-ubyte: truncated: the header promises 10×28×28 = 7840 bytes"
        + " of data but only 1000 follow", failure(f));
  }

  @Test
  void truncatedGzipData() throws IOException {
    byte[] data = new byte[1000];
    new Random(6).nextBytes(data); // incompressible, so the size bound does not catch it first
    Path f = file("train-images-idx3-ubyte.gz", gzip(idx(0x08, new int[] {100, 28, 28}, data)));
    assertEquals("train-images-idx3-ubyte.gz: truncated: the header promises 100×28×28 = 78400"
        + " bytes of data but only 1000 follow", failure(f));
  }

  @Test
  void truncatedDataOfAWiderType() throws IOException {
    Path f = file("f", idx(0x0D, new int[] {3, 2}, new byte[10]));
    assertEquals("f: truncated: the header promises 3×2 = 6 floats (24 bytes) of data but only"
        + " 10 follow", failure(f));
  }

  @Test
  void hugeDimensionsInATinyRawFileAreRefusedBeforeAllocating() throws IOException {
    Path f = file("big", idx(0x08, new int[] {60000, 28, 28}, new byte[4]));
    assertEquals("big: truncated: the header promises 60000×28×28 = 47040000 bytes of data but"
        + " only 4 follow", failure(f));
  }

  @Test
  void hugeDimensionsInATinyGzipFileAreRefusedBeforeAllocating() throws IOException {
    byte[] content = gzip(idx(0x08, new int[] {1 << 10, 1 << 10, 1 << 10}, new byte[4]));
    Path f = file("big.gz", content);
    long bound = content.length * 1032L;
    assertEquals("big.gz: truncated: the header promises 1024×1024×1024 = 1073741824 bytes of"
        + " data but the whole gzip file is " + content.length + " bytes, which inflate to at"
        + " most " + bound, failure(f));
  }

  @Test
  void dimensionsBeyondTheCapAreRefused() throws IOException {
    Path f = file("huge", idx(0x08, new int[] {100000, 100000, 100}, new byte[0]));
    assertEquals("huge: too large: the header promises 100000×100000×100 = 1000000000000"
        + " elements, more than the 1073741824 one file may hold; is the header damaged?",
        failure(f));
  }

  @Test
  void negativeDimensionIsRefused() throws IOException {
    Path f = file("neg", idx(0x08, new int[] {2, -5}, new byte[0]));
    assertEquals("neg: dimension 1 is -5 (0xFFFFFFFB); dimensions are sizes >= 0", failure(f));
  }

  @Test
  void trailingRawBytesAreRefused() throws IOException {
    Path f = file("t", idx(0x08, new int[] {2, 3}, new byte[11]));
    assertEquals("t: trailing data: 5 bytes follow the 2×3 = 6 bytes of data that the header"
        + " promises; are the dimensions wrong?", failure(f));
  }

  @Test
  void trailingGzipBytesAreRefused() throws IOException {
    Path f = file("t.gz", gzip(idx(0x08, new int[] {2, 3}, new byte[11])));
    assertEquals("t.gz: trailing data: 5 bytes follow the 2×3 = 6 bytes of data that the header"
        + " promises; are the dimensions wrong?", failure(f));
  }

  @Test
  void wrongMagicIsRefused() throws IOException {
    byte[] content = idx(0x08, new int[] {2}, new byte[2]);
    content[0] = 0x50;
    content[1] = 0x4b;
    assertEquals("zip: wrong magic: an IDX file starts with two zero bytes but this one starts"
        + " with 0x50 0x4B; is it an IDX file?", failure(file("zip", content)));
  }

  @Test
  void unknownTypeCodeIsRefused() throws IOException {
    Path f = file("type", idx(0x0A, new int[] {2}, new byte[2]));
    assertEquals("type: unknown element type code 0x0A; IDX type codes are 0x08 (unsigned byte),"
        + " 0x09 (signed byte), 0x0B (short), 0x0C (int), 0x0D (float), 0x0E (double)",
        failure(f));
  }

  @Test
  void rankZeroOrAboveEightIsRefused() throws IOException {
    assertEquals("r0: the header declares 0 dimensions; an IDX file has 1 to 8",
        failure(file("r0", idx(0x08, new int[0], new byte[1]))));
    assertEquals("r9: the header declares 9 dimensions; an IDX file has 1 to 8",
        failure(file("r9", idx(0x08, new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, new byte[1]))));
  }

  @Test
  void truncatedHeaderIsRefused() throws IOException {
    assertEquals("empty: truncated: the file ends after 0 bytes, inside the 4-byte IDX header",
        failure(file("empty", new byte[0])));
    assertEquals("two: truncated: the file ends after 2 bytes, inside the 4-byte IDX header",
        failure(file("two", new byte[2])));
    byte[] cut = Arrays.copyOf(idx(0x08, new int[] {1, 2, 3}, new byte[0]), 10);
    assertEquals("dims: truncated: the header declares 3 dimensions (12 bytes) but only 6 bytes"
        + " follow", failure(file("dims", cut)));
  }

  @Test
  void gzipWithABadChecksumIsCorrupted() throws IOException {
    byte[] content = gzip(idx(0x08, new int[] {4}, new byte[] {1, 2, 3, 4}));
    content[content.length - 8] ^= 0x55; // the CRC-32 in the gzip trailer
    assertEquals("crc.gz: corrupted gzip data: the CRC-32 or the length in the gzip trailer does"
        + " not match the inflated data; the file is damaged or incomplete, fetch it again",
        failure(file("crc.gz", content)));
  }

  @Test
  void gzipCutShortIsCorrupted() throws IOException {
    byte[] data = new byte[5000];
    new Random(7).nextBytes(data);
    byte[] content = gzip(idx(0x08, new int[] {5000}, data));
    String message = failure(file("cut.gz", Arrays.copyOf(content, content.length / 2)));
    assertEquals("cut.gz: corrupted gzip data: " + ENDS_EARLY, message);
  }

  @Test
  void gzipSignatureWithGarbageBehindItIsCorrupted() throws IOException {
    byte[] content = {0x1f, (byte) 0x8b, 0x07, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3};
    assertEquals("junk.gz: corrupted gzip data: the gzip header names a compression method other"
        + " than deflate; the file is damaged or incomplete, fetch it again",
        failure(file("junk.gz", content)));
  }

  @Test
  void gzipCutShortInItsTrailerIsCorruptedWithoutJavaText() throws IOException {
    byte[] content = gzip(idx(0x08, new int[] {3}, new byte[] {2, 0, 1}));
    Path f = file("train-labels-idx1-ubyte.gz", Arrays.copyOf(content, content.length - 3));
    assertEquals("train-labels-idx1-ubyte.gz: corrupted gzip data: " + ENDS_EARLY, failure(f));
  }

  @Test
  void aDamagedGzipSignatureIsNotCalledAWrongIdxMagic() throws IOException {
    byte[] content = gzip(idx(0x08, new int[] {3}, new byte[] {2, 0, 1}));
    content[1] = (byte) 0x8a;
    assertEquals("labels.gz: damaged signature: the file starts with 0x1F 0x8A, but a gzip file"
        + " starts with 0x1F 0x8B and a raw IDX file with 0x00 0x00; one of the two gzip bytes is"
        + " there, so it is damaged: fetch it again", failure(file("labels.gz", content)));
    content[0] = 0x1e;
    content[1] = (byte) 0x8b;
    assertEquals("labels: damaged signature: the file starts with 0x1E 0x8B, but a gzip file"
        + " starts with 0x1F 0x8B and a raw IDX file with 0x00 0x00; one of the two gzip bytes is"
        + " there, so it is damaged: fetch it again", failure(file("labels", content)));
    content[0] = 0x50;
    content[1] = 0x4b;
    assertEquals("labels.gz: damaged signature: the file starts with 0x50 0x4B, but a gzip file"
        + " starts with 0x1F 0x8B and a raw IDX file with 0x00 0x00; its name says gzip, so it is"
        + " damaged: fetch it again", failure(file("labels.gz", content)));
  }

  /** 78 MB of zeros deflate to about 76 KB: over 1000:1, a bomb by the default bound. */
  @Test
  void aGzipBombIsRefusedBeforeReading() throws IOException {
    byte[] content = gzip(idx(0x08, new int[] {100_000, 28, 28}, new byte[78_400_000]));
    Path f = file("bomb.gz", content);
    String ratio = String.format(java.util.Locale.ROOT, "%.0f",
        78_400_016.0 / content.length);
    assertEquals("bomb.gz: refused before reading: the header promises 100000×28×28 = 78400000"
        + " bytes of data, which the " + content.length + "-byte gzip file could give only by"
        + " inflating " + ratio + ":1, beyond the 256:1 allowed (real IDX data inflates about"
        + " 2:1); the header is damaged or the file is a gzip bomb. If the data really is that"
        + " repetitive, IdxReader.read(file, maxInflateRatio) accepts up to 1032:1", failure(f));
  }

  @Test
  void repetitiveDataBeyondTheDefaultRatioReadsWithAHigherOne() throws IOException {
    Tensor blank = Tensor.zeros(50, 28, 28);
    Path f = dir.resolve("blank.gz");
    IdxReader.write(f, blank, true);
    assertTrue(Files.size(f) * 256 < 50 * 784, "the file inflates more than 256:1");
    assertTrue(failure(f).startsWith("blank.gz: refused before reading"), failure(f));
    assertEquals(blank, IdxReader.read(f, 1032));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IdxReader.read(f, 2000));
    assertEquals("maxInflateRatio is 2000; it must be 1 to 1032, deflate's limit",
        e.getMessage());
  }

  /**
   * A header promising 20000 images (63 MB as floats) over 200 KB of real data passes the size
   * bound (the file could inflate that far) but is refused once the stream ends, having
   * allocated a small multiple of what it read, not the promise.
   */
  @Test
  void aLyingHeaderFailsAfterReadingNotAfterAllocating() throws IOException {
    byte[] data = new byte[200_000];
    new Random(8).nextBytes(data);
    Path f = file("liar.gz", gzip(idx(0x08, new int[] {20_000, 28, 28}, data)));
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = bean.getCurrentThreadAllocatedBytes();
    String message = failure(f);
    long allocated = bean.getCurrentThreadAllocatedBytes() - before;
    assertEquals("liar.gz: truncated: the header promises 20000×28×28 = 15680000 bytes of data"
        + " but only 200000 follow", message);
    assertTrue(allocated < 8_000_000, "allocated " + allocated + " bytes for 200 KB of data; "
        + "the promise as floats is 62,720,000");
  }

  @Test
  void aHugeTailAfterTheDataIsCountedOnlyUpToTheBound() throws IOException {
    byte[] raw = idx(0x08, new int[] {4}, new byte[] {1, 2, 3, 4});
    byte[] content = gzip(Arrays.copyOf(raw, raw.length + 10_000_000));
    Path f = file("tail.gz", content);
    long budget = content.length * 256L - raw.length;
    assertEquals("tail.gz: trailing data: more than " + budget + " bytes follow the 4 = 4 bytes of"
        + " data that the header promises (reading stopped at 256:1 of the file's "
        + content.length + " bytes); are the dimensions wrong?", failure(f));
  }

  @Test
  void missingFileIsAnIoError() {
    Path f = dir.resolve("absent.gz");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> IdxReader.read(f));
    assertTrue(e.getMessage().startsWith("cannot read IDX file " + f), e.getMessage());
  }
}
