package io.nabla.nn.data;

import com.google.common.base.Preconditions;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: two zero bytes, a type byte, a rank
 * byte, one big-endian {@code int} per dimension, then the elements, big-endian and row-major.
 * A file is read as gzip when it starts with the gzip signature {@code 1f 8b}, whatever its
 * name.
 *
 * <p>Every inconsistency is an {@link IdxFormatException} naming the file: a wrong magic
 * number (or a damaged gzip signature), an unknown type, a rank of 0 or above 8, impossible
 * dimensions, data shorter or longer than the header promises, a damaged gzip stream.
 *
 * <p>Memory is bounded by what the file can hold, not by what its header claims. A raw file
 * must be exactly as long as its header promises, checked before anything is allocated. A
 * gzip file may inflate at most {@value #MAX_INFLATE_RATIO}:1 ({@link #read(Path, int)} raises
 * that up to deflate's own limit, about 1032:1); a header promising more is refused before
 * allocating, as a damaged header or a gzip bomb. Real IDX data inflates far less:
 * Fashion-MNIST's training images 1.8:1. Within that bound the data is read in chunks into an
 * array that grows with what has actually arrived, so a header that lies about a stream cut
 * short fails once the stream ends, having allocated about what was read.
 */
public final class IdxReader {
  /** How far a gzip IDX file may inflate by default: its data at most this many times its size. */
  public static final int MAX_INFLATE_RATIO = 256;
  /** Deflate never expands more than this (its theoretical maximum is about 1032:1). */
  static final int MAX_DEFLATE_RATIO = 1032;

  private static final int CHUNK = 1 << 16;

  private IdxReader() {}

  /**
   * The file's elements as a float tensor with the file's dimensions. Unsigned bytes read as
   * 0..255; the other IDX types (signed byte, short, int, float, double) are read too. A gzip
   * file may inflate at most {@value #MAX_INFLATE_RATIO}:1.
   *
   * @throws IdxFormatException when the file is not a well-formed IDX file
   * @throws UncheckedIOException when the file cannot be read at all
   */
  public static Tensor read(Path file) {
    return read(file, MAX_INFLATE_RATIO);
  }

  /**
   * As {@link #read(Path)}, accepting a gzip file that inflates up to {@code maxInflateRatio}
   * times its size (1 to 1032, deflate's limit): for data as repetitive as blank images.
   */
  public static Tensor read(Path file, int maxInflateRatio) {
    return read(file, maxInflateRatio, (in, header, gzip) ->
        Tensor.wrap(Shape.of(header.dims()), readData(in, header, file, gzip)));
  }

  /** The elements of an IDX file and their dimensions. */
  record Contents(int[] dims, Values values) {}

  /**
   * As {@link #read(Path)}, keeping unsigned bytes (images) as bytes: a quarter of the memory,
   * and no float array of the whole file even for a moment. Other types come as floats.
   */
  static Contents readValues(Path file) {
    return read(file, MAX_INFLATE_RATIO, (in, header, gzip) -> new Contents(header.dims(),
        header.type() == IdxType.UNSIGNED_BYTE
            ? Values.unsignedBytes(readBytes(in, header, file, gzip))
            : new Values.Floats(readData(in, header, file, gzip))));
  }

  /** Reads the elements that follow a checked header. */
  private interface Body<T> {
    T read(InputStream in, IdxHeader header, boolean gzip) throws IOException;
  }

  private static <T> T read(Path file, int maxInflateRatio, Body<T> body) {
    Preconditions.checkArgument(maxInflateRatio >= 1 && maxInflateRatio <= MAX_DEFLATE_RATIO,
        "maxInflateRatio is %s; it must be 1 to %s, deflate's limit", maxInflateRatio,
        MAX_DEFLATE_RATIO);
    try {
      boolean gzip = GzipSignature.check(file);
      long fileSize = Files.size(file);
      try (InputStream in = open(file, gzip)) {
        IdxHeader header = IdxHeader.read(in, file);
        checkFits(file, header, fileSize, gzip, maxInflateRatio);
        T contents = body.read(in, header, gzip);
        long budget = gzip ? fileSize * maxInflateRatio - header.headerBytes()
            - header.dataBytes() : fileSize;
        long extra = countTrailing(in, budget);
        if (extra > budget) {
          throw new IdxFormatException(file, "trailing data: more than " + budget + " bytes"
              + " follow the " + header.promise() + " that the header promises (reading "
              + "stopped at " + maxInflateRatio + ":1 of the file's " + fileSize + " bytes);"
              + " are the dimensions wrong?");
        }
        if (extra > 0) {
          throw new IdxFormatException(file, "trailing data: " + extra + " bytes follow the "
              + header.promise() + " that the header promises; are the dimensions wrong?");
        }
        return contents;
      } catch (ZipException | EOFException e) {
        if (!gzip) {
          throw e;
        }
        throw new IdxFormatException(file, "corrupted gzip data: " + GzipSignature.describe(e)
            + "; the file is damaged or incomplete, fetch it again", e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read IDX file " + file + ": " + e, e);
    }
  }

  /**
   * Writes {@code tensor} as an IDX file of unsigned bytes (type 0x08), gzipped or raw. Every
   * value must be a whole number in 0..255 (scale images in [0, 1] by 255 and round first). The
   * file is written to a temporary file beside it and then moved into place atomically, so a
   * crash never leaves a half-written file under {@code file}'s name.
   *
   * @throws IllegalArgumentException when the tensor's rank is not 1..8 or a value is not a byte
   * @throws UncheckedIOException when writing fails (the target is then left untouched)
   */
  public static void write(Path file, Tensor tensor, boolean gzip) {
    IdxWriter.write(file, tensor, gzip);
  }

  private static InputStream open(Path file, boolean gzip) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), CHUNK);
    try {
      return gzip ? new GZIPInputStream(in, CHUNK) : in;
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  /**
   * Refuses, before allocating, a header the file is too short (or, raw, too long) to honour,
   * or that a gzip file could only honour by inflating more than {@code ratio}:1.
   */
  private static void checkFits(Path file, IdxHeader header, long fileSize, boolean gzip,
      int ratio) {
    long wanted = header.dataBytes();
    if (gzip) {
      long inflated = header.headerBytes() + wanted;
      long mostInflated = fileSize * MAX_DEFLATE_RATIO;
      if (inflated > mostInflated) {
        throw new IdxFormatException(file, "truncated: the header promises " + header.promise()
            + " but the whole gzip file is " + fileSize + " bytes, which inflate to at most "
            + mostInflated);
      }
      if (inflated > fileSize * ratio) {
        throw new IdxFormatException(file, String.format(Locale.ROOT, "refused before reading:"
            + " the header promises %s, which the %d-byte gzip file could give only by"
            + " inflating %.0f:1, beyond the %d:1 allowed (real IDX data inflates about 2:1);"
            + " the header is damaged or the file is a gzip bomb. If the data really is that"
            + " repetitive, IdxReader.read(file, maxInflateRatio) accepts up to %d:1",
            header.promise(), fileSize, (double) inflated / fileSize, ratio,
            MAX_DEFLATE_RATIO));
      }
      return;
    }
    long follow = fileSize - header.headerBytes();
    if (follow < wanted) {
      throw truncated(file, header, follow);
    }
    if (follow > wanted) {
      throw new IdxFormatException(file, "trailing data: " + (follow - wanted)
          + " bytes follow the " + header.promise()
          + " that the header promises; are the dimensions wrong?");
    }
  }

  /**
   * The elements, read chunk by chunk. A raw file's size was checked against the header, so
   * its array is allocated at once; a gzip stream's array grows (doubling, up to the promise)
   * only as its data arrives.
   */
  private static float[] readData(InputStream in, IdxHeader header, Path file, boolean gzip)
      throws IOException {
    int elements = (int) header.elements();
    int width = header.type().width;
    float[] data = new float[gzip ? Math.min(elements, CHUNK) : elements];
    byte[] chunk = new byte[CHUNK];
    int done = 0;
    while (done < elements) {
      if (done == data.length) {
        data = Arrays.copyOf(data, (int) Math.min(elements, 2L * data.length));
      }
      int want = (int) Math.min(CHUNK, (long) (data.length - done) * width);
      int got = IdxHeader.readUpTo(in, chunk, want);
      header.type().decode(chunk, got / width, data, done);
      if (got < want) {
        throw truncated(file, header, (long) done * width + got);
      }
      done += got / width;
    }
    return data;
  }

  /** As {@link #readData} for unsigned bytes, which are kept as they are. */
  private static byte[] readBytes(InputStream in, IdxHeader header, Path file, boolean gzip)
      throws IOException {
    int elements = (int) header.elements();
    byte[] data = new byte[gzip ? Math.min(elements, CHUNK) : elements];
    int done = 0;
    while (done < elements) {
      if (done == data.length) {
        data = Arrays.copyOf(data, (int) Math.min(elements, 2L * data.length));
      }
      int got = IdxHeader.readUpTo(in, data, done, data.length - done);
      done += got;
      if (done < data.length) {
        throw truncated(file, header, done);
      }
    }
    return data;
  }

  private static IdxFormatException truncated(Path file, IdxHeader header, long follow) {
    return new IdxFormatException(file, "truncated: the header promises " + header.promise()
        + " but only " + follow + " follow");
  }

  /** The bytes left in {@code in}, counted up to one more than {@code limit}. */
  private static long countTrailing(InputStream in, long limit) throws IOException {
    byte[] skip = new byte[CHUNK];
    long count = 0;
    while (count <= limit) {
      int r = in.read(skip, 0, (int) Math.min(CHUNK, limit + 1 - count));
      if (r < 0) {
        break;
      }
      count += r;
    }
    return count;
  }
}
