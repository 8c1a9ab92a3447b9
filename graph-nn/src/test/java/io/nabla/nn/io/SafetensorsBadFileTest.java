package io.nabla.nn.io;

import static io.nabla.nn.io.SafetensorsTest.crc32;
import static io.nabla.nn.io.SafetensorsTest.dataBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a file can be bad, and the exact message that says so. */
class SafetensorsBadFileTest {
  private static final String W = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

  @TempDir Path dir;
  private int files;

  @Test
  void fileShorterThanTheLengthPrefix() throws IOException {
    assertEquals("the file is 0 bytes long, shorter than the 8-byte header length that starts a "
        + "safetensors file; it is empty or truncated", problem(bytes(new byte[0])));
    assertTrue(problem(bytes(new byte[7])).startsWith("the file is 7 bytes long, shorter than"));
  }

  @Test
  void headerLengthLargerThanTheFile() throws IOException {
    Path file = bytes(concat(lengthPrefix(100), new byte[10]));

    assertEquals("the header length is 100 bytes but only 10 bytes follow the 8-byte length: "
        + "the file is truncated, or its first 8 bytes are damaged", problem(file));
  }

  @Test
  void absurdHeaderLength() throws IOException {
    assertEquals("the header length is 209715200 bytes, more than the limit of 104857600; the "
        + "first 8 bytes are damaged or this is not a safetensors file",
        problem(bytes(concat(lengthPrefix(200L << 20), new byte[64]))));
    assertTrue(problem(bytes(concat(lengthPrefix(-1), new byte[64])))
        .startsWith("the header length is 18446744073709551615 bytes, more than the limit"));
  }

  @Test
  void fileThatIsNotSafetensorsAtAll() throws IOException {
    Path png = bytes("\u0089PNG\r\n\u001a\n....IHDR".getBytes(StandardCharsets.ISO_8859_1));
    assertTrue(problem(png).startsWith("the header length is "), problem(png));

    assertEquals("the header must be a JSON object starting with '{' but starts with "
        + "'[1, 2]'; is this a safetensors file?", problem(file("[1, 2]", new byte[0])));
    assertEquals("the header must be a JSON object starting with '{' but starts with nothing; "
        + "is this a safetensors file?", problem(file("", new byte[0])));
  }

  @Test
  void headerThatIsNotValidJson() throws IOException {
    assertEquals("the JSON header is malformed: expected a quoted key but found the end of the "
        + "text (at character 32); the file is damaged or was not written as safetensors",
        problem(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],", floats(1, 2))));
    assertEquals("the JSON header is malformed: expected a quoted key but found '}' (at "
        + "character 54); the file is damaged or was not written as safetensors",
        problem(file("{" + W + ",}", floats(1, 2))));
    assertTrue(problem(file("{'w': 1}", new byte[0]))
        .startsWith("the JSON header is malformed: expected a quoted key but found '''"));
  }

  @Test
  void headerThatIsNotUtf8() throws IOException {
    byte[] header = "{\"w\u00ff\":{}}".getBytes(StandardCharsets.ISO_8859_1);
    Path file = bytes(concat(lengthPrefix(header.length), header));

    assertEquals("the header is not valid UTF-8 (bad byte 0xff at header byte 3); the file is "
        + "damaged", problem(file));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "dtype        | \"shape\":[2],\"data_offsets\":[0,8]",
      "shape        | \"dtype\":\"F32\",\"data_offsets\":[0,8]",
      "data_offsets | \"dtype\":\"F32\",\"shape\":[2]",
  })
  void missingField(String field, String fields) throws IOException {
    assertEquals("tensor 'w' has no " + field
        + "; every tensor needs dtype, shape and data_offsets",
        problem(file("{\"w\":{" + fields + "}}", floats(1, 2))));
  }

  @Test
  void dtypeOtherThanF32() throws IOException {
    Path f16 = file("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}",
        new byte[4]);

    assertEquals("tensor 'w' has dtype F16, but Nabla stores F32 (float32) tensors only; "
        + "convert the checkpoint to float32 first (e.g. with numpy: "
        + "array.astype(numpy.float32))", problem(f16));
    assertEquals("the dtype of tensor 'w' is the number 32, not a string",
        problem(file("{\"w\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}",
            floats(1, 2))));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // shape, data_offsets, expected problem
      "[3]      | [0,8]  | tensor 'w' f32[3] data_offsets [0, 8] spans 8 bytes, but 3 F32 values "
          + "take 12 bytes",
      "[]       | [0,8]  | tensor 'w' f32[] data_offsets [0, 8] spans 8 bytes, but 1 F32 values "
          + "take 4 bytes",
      "[2,-1]   | [0,8]  | the shape of tensor 'w' must be a list of sizes >= 0 but is [2,-1]",
      "[\"2\"]  | [0,8]  | the shape of tensor 'w' must be a list of sizes >= 0 but is [\"2\"]",
      "2        | [0,8]  | the shape of tensor 'w' must be a list of sizes >= 0 but is the "
          + "number 2",
      "[65536,65536] | [0,8] | tensor 'w' has shape [65536,65536], more than 2147483647 "
          + "elements, the most a Nabla tensor holds",
      "[2]      | [0]    | the data_offsets of tensor 'w' must be two byte offsets [begin, end] "
          + "with 0 <= begin <= end but are [0]",
      "[2]      | [8,0]  | the data_offsets of tensor 'w' must be two byte offsets [begin, end] "
          + "with 0 <= begin <= end but are [8,0]",
      "[2]      | [-4,4] | the data_offsets of tensor 'w' must be two byte offsets [begin, end] "
          + "with 0 <= begin <= end but are [-4,4]",
      "[2]      | {}     | the data_offsets of tensor 'w' must be two byte offsets [begin, end] "
          + "with 0 <= begin <= end but are an object",
  })
  void shapeAndOffsetsThatDisagree(String shape, String offsets, String expected)
      throws IOException {
    Path file = file("{\"w\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":"
        + offsets + "}}", floats(1, 2));

    assertEquals(expected, problem(file));
  }

  @Test
  void tensorDescribedByAnythingButTheThreeFields() throws IOException {
    assertEquals("tensor 'w' has an unknown field 'stride'; a tensor is described by dtype, "
        + "shape and data_offsets only", problem(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],"
        + "\"data_offsets\":[0,8],\"stride\":[1]}}", floats(1, 2))));
    assertEquals("tensor 'w' is described by a list [1,2] instead of an object with dtype, "
        + "shape and data_offsets", problem(file("{\"w\":[1,2]}", new byte[0])));
  }

  @Test
  void overlappingOffsets() throws IOException {
    Path file = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", floats(1, 2, 3));

    assertEquals("tensors 'a' f32[2] data_offsets [0, 8] and 'b' f32[2] data_offsets [4, 12] "
        + "overlap; each byte of the data buffer belongs to exactly one tensor", problem(file));
  }

  @Test
  void sameOffsetsTwiceOverlap() throws IOException {
    Path file = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", floats(1, 2));

    assertTrue(problem(file).endsWith(" overlap; each byte of the data buffer belongs to "
        + "exactly one tensor"));
  }

  @Test
  void holeBetweenTensorsOrBeforeTheFirst() throws IOException {
    Path between = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", floats(1, 2, 3));
    assertEquals("bytes [4, 8) of the data buffer belong to no tensor (a hole between 'a' f32[1] "
        + "data_offsets [0, 4] and 'b' f32[1] data_offsets [8, 12]); tensors must be packed "
        + "back to back from offset 0", problem(between));

    Path before = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
        floats(1, 2));
    assertEquals("bytes [0, 4) of the data buffer belong to no tensor (a hole before 'a' f32[1] "
        + "data_offsets [4, 8]); tensors must be packed back to back from offset 0",
        problem(before));
  }

  @Test
  void offsetsPastTheEndOfTheBuffer() throws IOException {
    Path file = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", floats(1, 2));

    assertEquals("the data buffer holds 8 bytes but the tensors need 12 (the last, 'b' f32[2] "
        + "data_offsets [4, 12], ends at byte 12): the file is truncated", problem(file));
  }

  /**
   * A header that claims a 1 GiB tensor in a file of a few bytes is refused from the header and
   * the file's size alone: the ranges are checked against the real data buffer before any
   * tensor is allocated.
   */
  @Test
  void aHugeTensorClaimedByASmallFileIsRefusedBeforeAllocating() throws IOException {
    Path file = file("{\"big\":{\"dtype\":\"F32\",\"shape\":[16384,16384],"
        + "\"data_offsets\":[0,1073741824]}}", floats(1, 2));
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = bean.getCurrentThreadAllocatedBytes();
    String message = problem(file);
    long allocated = bean.getCurrentThreadAllocatedBytes() - before;
    assertEquals("the data buffer holds 8 bytes but the tensors need 1073741824 (the last, 'big' "
        + "f32[16384,16384] data_offsets [0, 1073741824], ends at byte 1073741824): the file is "
        + "truncated", message);
    assertTrue(allocated < 4_000_000, "allocated " + allocated + " bytes to refuse the file");
  }

  @Test
  void trailingBytesAfterTheLastTensor() throws IOException {
    Path file = file("{" + W + "}", floats(1, 2, 3));

    assertEquals("the data buffer holds 12 bytes but the tensors fill only 8: 4 trailing bytes "
        + "belong to no tensor; the file is damaged or something was appended to it",
        problem(file));
  }

  @Test
  void duplicateTensorName() throws IOException {
    Path file = file("{" + W + "," + W + "}", floats(1, 2, 3, 4));

    assertEquals("the JSON header is malformed: the key \"w\" appears twice in one object (at "
        + "character 54); the file is damaged or was not written as safetensors", problem(file));
  }

  @Test
  void badMetadata() throws IOException {
    assertEquals("metadata value of 'epoch' is the number 3; safetensors metadata maps strings "
        + "to strings", problem(file("{\"__metadata__\":{\"epoch\":3}," + W + "}", floats(1, 2))));
    assertEquals("__metadata__ must be a JSON object of strings but is a list [\"a\"]",
        problem(file("{\"__metadata__\":[\"a\"]," + W + "}", floats(1, 2))));
    assertEquals("its checksum is 'xyz' but must be a CRC32 as 8 lowercase hex digits; the "
        + "header is damaged",
        problem(file("{\"__metadata__\":{\"nabla.crc32\":\"xyz\"}," + W + "}", floats(1, 2))));
  }

  @Test
  void flippedDataByteFailsTheChecksum() throws IOException {
    Path file = dir.resolve("model.safetensors");
    Safetensors.write(file, SafetensorsTest.sampleTensors());
    byte[] bytes = Files.readAllBytes(file);
    String expected = wholeFileCrc32(bytes);
    bytes[bytes.length - 3] ^= 0x10;
    Files.write(file, bytes);

    assertEquals("checksum mismatch: the file is corrupted (expected CRC32 " + expected
        + " from the metadata, found " + wholeFileCrc32(bytes) + " over the file);"
        + " restore it from a copy or save it again",
        problem(file));
  }

  @Test
  void changedMetadataFailsTheChecksum() throws IOException {
    Path file = dir.resolve("model.safetensors");
    Safetensors.write(file, SafetensorsTest.sampleTensors(), Map.of("architecture", "lenet5"));
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    bytes[text.indexOf("lenet5") + 2] = 's';
    Files.write(file, bytes);

    assertTrue(problem(file).startsWith("checksum mismatch: the file is corrupted (expected "
        + "CRC32 "), problem(file));
  }

  @Test
  void checkedReadRefusesAFileWithoutTheChecksum() throws IOException {
    Path file = dir.resolve("model.safetensors");
    Safetensors.write(file, Map.of("w", Tensor.vector(1, 2)));
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    // a renamed key: the checksum is gone, and one data byte is damaged too
    bytes[text.indexOf("checksum") + 7] = 'X';
    bytes[bytes.length - 2] ^= 0x7f;
    Files.write(file, bytes);

    CheckpointFormatException e =
        assertThrows(CheckpointFormatException.class, () -> Safetensors.readChecked(file));
    assertEquals(file + ": it has no nabla.checksum in its metadata, so its header and data "
        + "cannot be verified: either the header is damaged (restore the file from a copy) or "
        + "an older Nabla wrote it; to read an older file anyway, use Checkpoint.readUnchecked "
        + "and save it again", e.getMessage());
  }

  @Test
  void checksumOutOfPlaceIsRefused() throws IOException {
    Path file = file("{\"__metadata__\":{\"a\":\"b\",\"nabla.checksum\":\"00000000\"},"
        + W + "}", floats(1, 2));

    assertEquals("its nabla.checksum is not the first entry of the metadata, where Nabla writes"
        + " it, so it cannot be verified; the header is damaged: restore the file from a copy or"
        + " save it again", problem(file));
  }

  @Test
  void missingFileNamesThePath() {
    Path file = dir.resolve("nowhere.safetensors");

    java.nio.file.NoSuchFileException e = assertThrows(java.nio.file.NoSuchFileException.class,
        () -> Safetensors.read(file));
    assertEquals(file + ": there is no such file (" + file.toAbsolutePath() + "); check the "
        + "path, or save a checkpoint there first", e.getMessage());
  }

  /** The CRC32 of a file Nabla wrote, its checksum digits counted as zeros. */
  static String wholeFileCrc32(byte[] file) {
    byte[] unset = file.clone();
    int digits = 8 + "{\"__metadata__\":{\"nabla.checksum\":\"".length();
    Arrays.fill(unset, digits, digits + 8, (byte) '0');
    return crc32(unset);
  }

  @Test
  void fileWithoutAChecksumIsReadWithoutOne() throws IOException {
    Path file = file("{\"__metadata__\":{\"a\":\"b\"}," + W + "}", floats(1, 2));

    SafetensorsFile read = Safetensors.read(file);

    assertEquals(Tensor.vector(1, 2), read.tensor("w"));
    assertEquals(Map.of("a", "b"), read.metadata());
  }

  @Test
  void fileCutAtAnyByteIsRefusedAsTruncated() throws IOException {
    Path valid = dir.resolve("valid.safetensors");
    Safetensors.write(valid, SafetensorsTest.sampleTensors(), Map.of("k", "v"));
    byte[] bytes = Files.readAllBytes(valid);
    int dataStart = bytes.length - dataBuffer(bytes).length;

    for (int cut = 0; cut < bytes.length; cut++) {
      String problem = problem(bytes(Arrays.copyOf(bytes, cut)));
      String expected = cut < 8 ? "the file is " + cut + " bytes long, shorter than the 8-byte"
          : cut < dataStart ? "the header length is " + (dataStart - 8) + " bytes but only "
              + (cut - 8) + " bytes follow the 8-byte length: the file is truncated"
          : "the data buffer holds " + (cut - dataStart) + " bytes but the tensors need "
              + (bytes.length - dataStart) + " (the last, 'step' f32[] data_offsets ";
      assertTrue(problem.startsWith(expected), "cut at " + cut + ": " + problem);
    }
  }

  @Test
  void tamperedHeaderOfAValidFile() throws IOException {
    Path valid = dir.resolve("valid.safetensors");
    Safetensors.write(valid, Map.of("a", Tensor.vector(1, 2), "b", Tensor.vector(3, 4)));
    String original = new String(Files.readAllBytes(valid), StandardCharsets.ISO_8859_1);

    assertEquals("tensor 'a' f32[3] data_offsets [0, 8] spans 8 bytes, but 3 F32 values take "
        + "12 bytes", problem(tampered(original, "\"shape\":[2],\"data_offsets\":[0,8]",
        "\"shape\":[3],\"data_offsets\":[0,8]")));
    assertTrue(problem(tampered(original, "\"b\":", "\"a\":"))
        .startsWith("the JSON header is malformed: the key \"a\" appears twice in one object"));
    assertEquals("tensor 'b' has dtype F64, but Nabla stores F32 (float32) tensors only; "
        + "convert the checkpoint to float32 first (e.g. with numpy: "
        + "array.astype(numpy.float32))", problem(tampered(original,
        "\"b\":{\"dtype\":\"F32\"", "\"b\":{\"dtype\":\"F64\"")));
    assertTrue(problem(tampered(original, "[8,16]", "[8,12]"))
        .startsWith("tensor 'b' f32[2] data_offsets [8, 12] spans 4 bytes"));
    assertTrue(problem(tampered(original, "\"dtype\"", "'dtype'"))
        .startsWith("the JSON header is malformed: expected a quoted key but found '''"));
    String crc = original.substring(original.indexOf("checksum\":\"") + 11).substring(0, 8);
    String otherCrc = (crc.charAt(0) == '0' ? "1" : "0") + crc.substring(1);
    assertEquals("checksum mismatch: the file is corrupted (expected CRC32 " + otherCrc
        + " from the metadata, found " + crc + " over the file); restore it from a copy or"
        + " save it again",
        problem(tampered(original, crc, otherCrc)));
  }

  @Test
  void damagedLengthPrefixOfAValidFile() throws IOException {
    Path valid = dir.resolve("valid.safetensors");
    Safetensors.write(valid, Map.of("a", Tensor.zeros(2)));
    byte[] bytes = Files.readAllBytes(valid);

    bytes[0] -= 8;
    String shorter = problem(bytes(bytes));
    assertTrue(shorter.startsWith("the JSON header is malformed: "), shorter);

    bytes[0] += 16;
    String longer = problem(bytes(bytes));
    assertTrue(longer.startsWith("the JSON header is malformed: unexpected U+0000 after the end "
        + "of the value"), longer);
  }

  /** The problem {@code read} reports for {@code file}, checked to name the file first. */
  private static String problem(Path file) {
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> Safetensors.read(file));
    assertEquals(file, e.file());
    String prefix = file + ": ";
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    return e.getMessage().substring(prefix.length());
  }

  /** A copy of {@code original} with one text replaced by another of the same length. */
  private Path tampered(String original, String from, String to) throws IOException {
    assertEquals(from.length(), to.length());
    assertTrue(original.contains(from), from);
    return bytes(original.replace(from, to).getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A file of the given header (unpadded) and data buffer. */
  private Path file(String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return bytes(concat(lengthPrefix(json.length), json, data));
  }

  private Path bytes(byte[] content) throws IOException {
    return Files.write(dir.resolve("bad-" + files++ + ".safetensors"), content);
  }

  private static byte[] lengthPrefix(long length) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array();
  }

  private static byte[] floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
