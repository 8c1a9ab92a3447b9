package io.nabla.nn.io;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.io.SafetensorsHeader.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Reads and writes tensors in the open <a href="https://huggingface.co/docs/safetensors">
 * safetensors</a> format, which numpy, PyTorch and JAX users can load directly.
 *
 * <p>A file is an 8-byte little-endian unsigned header length {@code N}, then {@code N} bytes
 * of UTF-8 JSON — one entry {@code {"dtype": "F32", "shape": [...], "data_offsets": [begin,
 * end]}} per tensor and an optional {@code "__metadata__"} map of strings — and then the data
 * buffer: every tensor's values, row-major and little-endian, at its offsets relative to the
 * start of the buffer.
 *
 * <p>Nabla writes F32 tensors sorted by name and packed back to back, pads the header with
 * spaces so the data starts at a multiple of 8 bytes, and records a CRC32 of <em>the whole
 * file</em> — the length prefix, every byte of the header (metadata, names, shapes, offsets,
 * padding) and the data — as the first metadata entry, {@value #CHECKSUM_KEY}; the eight hex
 * digits that hold it count as {@code 00000000}. Writing is atomic: a crash or an error leaves
 * the previous file, never a half-written one. Reading checks the whole layout before it trusts
 * any offset, verifies the checksum when one is present ({@link #readChecked} requires it), and
 * reports a bad file with a {@link CheckpointFormatException} that names the file and the
 * problem. Files of older Nabla versions carry {@value #LEGACY_CRC32_KEY}, a CRC32 of the data
 * buffer alone; {@link #read} still verifies it.
 */
public final class Safetensors {
  /** Metadata key of the CRC32 of the whole file, as 8 lowercase hex digits. */
  public static final String CHECKSUM_KEY = "nabla.checksum";
  /** Metadata key of older versions' CRC32 of the data buffer alone. */
  public static final String LEGACY_CRC32_KEY = "nabla.crc32";
  /** Longest header {@link #read} accepts (100 MiB), as the reference implementation does. */
  public static final long MAX_HEADER_BYTES = 100L << 20;

  private static final int LENGTH_PREFIX_BYTES = 8;
  private static final int ALIGNMENT = 8;
  private static final int CHUNK_BYTES = 1 << 16;
  private static final Pattern CRC32_HEX = Pattern.compile("[0-9a-f]{8}");
  /** How every header Nabla writes begins; the checksum's 8 digits follow, then a quote. */
  private static final byte[] CHECKSUM_PREFIX = ("{\"" + SafetensorsHeader.METADATA_KEY
      + "\":{\"" + CHECKSUM_KEY + "\":\"").getBytes(StandardCharsets.UTF_8);
  private static final int CHECKSUM_DIGITS = 8;
  private static final String UNSET_CHECKSUM = "00000000";

  private Safetensors() {}

  /** Writes {@code tensors} to {@code file} with no metadata but the checksum. */
  public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
    write(file, tensors, Map.of());
  }

  /**
   * Writes {@code tensors} and {@code metadata} to {@code file} atomically, replacing any file
   * already there only once the new one is complete and on the disk.
   *
   * @param tensors the tensors by name; written as F32, sorted by name, their data packed
   *     back to back; a name may be any string but {@code "__metadata__"}
   * @param metadata free-form strings stored in the header, sorted by key; the key
   *     {@value #CHECKSUM_KEY} is reserved for the checksum, which is added
   * @throws IllegalArgumentException for a reserved name or key, or a string that UTF-8
   *     cannot encode
   * @throws IOException when the file cannot be written; the previous file, if any, is intact
   */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    Objects.requireNonNull(file, "file");
    SortedMap<String, Tensor> sorted = sortedTensors(tensors);
    // The checksum comes first, so that a reader finds its digits at a fixed place.
    Map<String, String> allMetadata = new LinkedHashMap<>();
    allMetadata.put(CHECKSUM_KEY, UNSET_CHECKSUM);
    allMetadata.putAll(sortedMetadata(metadata));
    Map<String, Shape> shapes = new LinkedHashMap<>();
    sorted.forEach((name, t) -> shapes.put(name, t.shape()));
    byte[] header = padded(SafetensorsHeader.layOut(shapes, allMetadata).toJson());
    ByteBuffer prefix = ByteBuffer.allocate(LENGTH_PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(0, header.length);
    CRC32 crc = new CRC32();
    crc.update(prefix.array());
    crc.update(header);
    ByteBuffer scratch = newChunk();
    for (Tensor t : sorted.values()) {
      forEachChunk(t, scratch, crc::update);
    }
    byte[] digits = hex(crc).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(digits, 0, header, CHECKSUM_PREFIX.length, CHECKSUM_DIGITS);

    AtomicFile.write(file, channel -> {
      writeFully(channel, prefix);
      writeFully(channel, ByteBuffer.wrap(header));
      ByteBuffer chunk = newChunk();
      for (Tensor t : sorted.values()) {
        forEachChunk(t, chunk, bytes -> writeFully(channel, bytes));
      }
    });
  }

  /**
   * Reads a safetensors file that must carry Nabla's checksum over the whole file, as every file
   * this version writes does; use it for files Nabla wrote, where a missing checksum means a
   * damaged header or an older file.
   *
   * @throws CheckpointFormatException as {@link #read} does, and when the file has no
   *     {@value #CHECKSUM_KEY}
   * @throws IOException when the file cannot be read
   */
  public static SafetensorsFile readChecked(Path file) throws IOException {
    return read(file, true);
  }

  /**
   * Reads every tensor and the metadata of a safetensors file, after checking its layout and,
   * when the metadata has one, its {@value #CHECKSUM_KEY} checksum (or an older file's
   * {@value #LEGACY_CRC32_KEY}); a file without either, such as one PyTorch wrote, is read
   * unchecked.
   *
   * @throws CheckpointFormatException naming the file and what is wrong with it: too short,
   *     an absurd or too large header length, a header that is not JSON, a tensor with a
   *     missing field or a dtype other than F32, a shape that does not match its byte range,
   *     overlapping or gapped offsets, a truncated data buffer or trailing bytes, a name that
   *     appears twice, or a checksum mismatch
   * @throws IOException when the file cannot be read
   */
  public static SafetensorsFile read(Path file) throws IOException {
    return read(file, false);
  }

  private static SafetensorsFile read(Path file, boolean requireChecksum) throws IOException {
    Objects.requireNonNull(file, "file");
    try (FileChannel channel = open(file)) {
      long size = channel.size();
      if (size < LENGTH_PREFIX_BYTES) {
        throw new CheckpointFormatException(file, "the file is " + size + " bytes long, shorter "
            + "than the 8-byte header length that starts a safetensors file; it is empty or "
            + "truncated");
      }
      ByteBuffer prefix = ByteBuffer.allocate(LENGTH_PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      readFully(file, channel, 0, prefix);
      long headerLength = prefix.getLong(0);
      if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
        throw new CheckpointFormatException(file, "the header length is "
            + Long.toUnsignedString(headerLength) + " bytes, more than the limit of "
            + MAX_HEADER_BYTES + "; the first 8 bytes are damaged or this is not a safetensors "
            + "file");
      }
      long available = size - LENGTH_PREFIX_BYTES;
      if (headerLength > available) {
        throw new CheckpointFormatException(file, "the header length is " + headerLength
            + " bytes but only " + available + " bytes follow the 8-byte length: the file is "
            + "truncated, or its first 8 bytes are damaged");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      readFully(file, channel, LENGTH_PREFIX_BYTES, headerBytes);
      SafetensorsHeader header = SafetensorsHeader.parse(
          file, decodeUtf8(file, headerBytes), available - headerLength);
      Map<String, String> metadata = header.metadata();
      CRC32 crc = new CRC32();
      String expected;
      String covers;
      if (metadata.containsKey(CHECKSUM_KEY)) {
        expected = wholeFileChecksum(file, metadata, prefix, headerBytes, crc);
        covers = "the file";
      } else if (requireChecksum) {
        throw new CheckpointFormatException(file, "it has no " + CHECKSUM_KEY + " in its "
            + "metadata, so its header and data cannot be verified: either the header is "
            + "damaged (restore the file from a copy) or an older Nabla wrote it"
            + (metadata.containsKey(LEGACY_CRC32_KEY) ? " (it has the older "
            + LEGACY_CRC32_KEY + ", which covers only the data)" : "")
            + "; to read an older file anyway, use Checkpoint.readUnchecked and save it again");
      } else {
        expected = expectedChecksum(file, metadata.get(LEGACY_CRC32_KEY));
        covers = "the data buffer";
      }
      return readData(file, channel, LENGTH_PREFIX_BYTES + headerLength, header, crc,
          expected, covers);
    }
  }

  /**
   * The whole-file checksum the header promises, after feeding {@code crc} the length prefix
   * and the header with that checksum's digits counted as zeros.
   */
  private static String wholeFileChecksum(Path file, Map<String, String> metadata,
      ByteBuffer prefix, ByteBuffer headerBytes, CRC32 crc) {
    byte[] header = Arrays.copyOfRange(headerBytes.array(), 0, headerBytes.limit());
    int end = CHECKSUM_PREFIX.length + CHECKSUM_DIGITS;
    if (header.length <= end
        || !Arrays.equals(header, 0, CHECKSUM_PREFIX.length, CHECKSUM_PREFIX, 0,
            CHECKSUM_PREFIX.length)
        || header[end] != '"') {
      throw new CheckpointFormatException(file, "its " + CHECKSUM_KEY + " is not the first "
          + "entry of the metadata, where Nabla writes it, so it cannot be verified; the header "
          + "is damaged: restore the file from a copy or save it again");
    }
    String expected = expectedChecksum(file, metadata.get(CHECKSUM_KEY));
    Arrays.fill(header, CHECKSUM_PREFIX.length, end, (byte) '0');
    crc.update(prefix.array());
    crc.update(header);
    return expected;
  }

  /** Opens {@code file}, saying what to do when it is not there. */
  private static FileChannel open(Path file) throws IOException {
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "there is no such file ("
          + file.toAbsolutePath() + "); check the path, or save a checkpoint there first");
    }
  }

  private static SafetensorsFile readData(Path file, FileChannel channel, long dataStart,
      SafetensorsHeader header, CRC32 crc, String expectedChecksum, String covers)
      throws IOException {
    ByteBuffer chunk = newChunk();
    int floatsPerChunk = CHUNK_BYTES / SafetensorsHeader.F32_BYTES;
    SortedMap<String, Tensor> tensors = new TreeMap<>();
    for (Entry e : header.entries()) {
      float[] values = new float[e.shape().size()];
      long position = dataStart + e.begin();
      for (int i = 0; i < values.length; i += floatsPerChunk) {
        int n = Math.min(floatsPerChunk, values.length - i);
        chunk.clear().limit(n * SafetensorsHeader.F32_BYTES);
        readFully(file, channel, position, chunk);
        chunk.flip();
        chunk.asFloatBuffer().get(values, i, n);
        crc.update(chunk);
        position += (long) n * SafetensorsHeader.F32_BYTES;
      }
      // The array is ours alone, so the tensor may own it without a copy.
      tensors.put(e.name(), Tensor.wrap(e.shape(), values));
    }
    String found = hex(crc);
    if (expectedChecksum != null && !expectedChecksum.equals(found)) {
      throw new CheckpointFormatException(file, "checksum mismatch: the file is corrupted "
          + "(expected CRC32 " + expectedChecksum + " from the metadata, found " + found
          + " over " + covers + "); restore it from a copy or save it again");
    }
    Map<String, String> metadata = new LinkedHashMap<>(header.metadata());
    metadata.remove(CHECKSUM_KEY);
    metadata.remove(LEGACY_CRC32_KEY);
    return new SafetensorsFile(tensors, metadata);
  }

  /** The checksum {@code value} promises, or null when it is null. */
  private static String expectedChecksum(Path file, String value) {
    if (value != null && !CRC32_HEX.matcher(value).matches()) {
      throw new CheckpointFormatException(file, "its checksum is '" + value
          + "' but must be a CRC32 as 8 lowercase hex digits; the header is damaged");
    }
    return value;
  }

  private static SortedMap<String, Tensor> sortedTensors(Map<String, Tensor> tensors) {
    Objects.requireNonNull(tensors, "tensors");
    SortedMap<String, Tensor> sorted = new TreeMap<>();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = e.getKey();
      Preconditions.checkArgument(name != null, "a tensor name is null");
      Preconditions.checkArgument(!name.equals(SafetensorsHeader.METADATA_KEY),
          "'%s' is reserved for the metadata; rename that tensor", name);
      Preconditions.checkArgument(e.getValue() != null, "tensor '%s' is null", name);
      sorted.put(name, e.getValue());
    }
    return sorted;
  }

  private static SortedMap<String, String> sortedMetadata(Map<String, String> metadata) {
    Objects.requireNonNull(metadata, "metadata");
    SortedMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      Preconditions.checkArgument(e.getKey() != null, "a metadata key is null");
      Preconditions.checkArgument(
          !e.getKey().equals(CHECKSUM_KEY) && !e.getKey().equals(LEGACY_CRC32_KEY),
          "metadata key '%s' is reserved for the checksum Nabla adds itself", e.getKey());
      Preconditions.checkArgument(e.getValue() != null,
          "metadata '%s' is null; safetensors metadata values are strings", e.getKey());
      sorted.put(e.getKey(), e.getValue());
    }
    return sorted;
  }

  private static String hex(CRC32 crc) {
    return String.format("%08x", crc.getValue());
  }

  /** The header as UTF-8, padded with spaces so that the data starts 8-byte aligned. */
  private static byte[] padded(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    int length = (bytes.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    byte[] padded = Arrays.copyOf(bytes, length);
    Arrays.fill(padded, bytes.length, length, (byte) ' ');
    return padded;
  }

  private static String decodeUtf8(Path file, ByteBuffer bytes) {
    bytes.flip();
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer chars = CharBuffer.allocate(bytes.remaining());
    CoderResult result = decoder.decode(bytes, chars, true);
    if (result.isError()) {
      throw new CheckpointFormatException(file, "the header is not valid UTF-8 (bad byte 0x"
          + String.format("%02x", bytes.get(bytes.position()))
          + " at header byte " + bytes.position() + "); the file is damaged");
    }
    decoder.flush(chars);
    return chars.flip().toString();
  }

  /** Receives one chunk of little-endian bytes, between position and limit. */
  @FunctionalInterface
  private interface ChunkSink {
    void accept(ByteBuffer bytes) throws IOException;
  }

  /** Feeds {@code t}'s values to {@code sink} as little-endian bytes, one chunk at a time. */
  private static void forEachChunk(Tensor t, ByteBuffer chunk, ChunkSink sink)
      throws IOException {
    float[] data = t.data();
    int floatsPerChunk = chunk.capacity() / SafetensorsHeader.F32_BYTES;
    for (int i = 0; i < t.size(); i += floatsPerChunk) {
      int n = Math.min(floatsPerChunk, t.size() - i);
      chunk.clear();
      chunk.asFloatBuffer().put(data, i, n);
      chunk.limit(n * SafetensorsHeader.F32_BYTES);
      sink.accept(chunk);
    }
  }

  private static ByteBuffer newChunk() {
    return ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  /** Fills {@code buffer} from {@code position}; the size was checked, so an end means a race. */
  private static void readFully(Path file, FileChannel channel, long position, ByteBuffer buffer)
      throws IOException {
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position);
      if (n < 0) {
        throw new CheckpointFormatException(file, "the file ended at byte " + position
            + " although it was longer when reading began; was it changed while being read?");
      }
      position += n;
    }
  }
}
