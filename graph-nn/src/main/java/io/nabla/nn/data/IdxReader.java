package io.nabla.nn.data;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: two zero bytes, a type byte, a rank
 * byte, one big-endian {@code int} per dimension, then the elements, big-endian and row-major.
 * A file is read as gzip when it starts with the gzip signature {@code 1f 8b}, whatever its
 * name.
 *
 * <p>Every inconsistency is an {@link IdxFormatException} naming the file: a wrong magic
 * number, an unknown type, a rank of 0 or above 8, impossible dimensions, data shorter or longer
 * than the header promises, a damaged gzip stream. Sizes are checked against the file before
 * anything is allocated, so a damaged header cannot make the reader allocate gigabytes.
 */
public final class IdxReader {
  /** Deflate never expands more than this (its theoretical maximum is about 1032:1). */
  static final long MAX_DEFLATE_RATIO = 1032;

  private static final int CHUNK = 1 << 16;

  private IdxReader() {}

  /**
   * The file's elements as a float tensor with the file's dimensions. Unsigned bytes read as
   * 0..255; the other IDX types (signed byte, short, int, float, double) are read too.
   *
   * @throws IdxFormatException when the file is not a well-formed IDX file
   * @throws UncheckedIOException when the file cannot be read at all
   */
  public static Tensor read(Path file) {
    try {
      boolean gzip = isGzip(file);
      long fileSize = Files.size(file);
      try (InputStream in = open(file, gzip)) {
        IdxHeader header = IdxHeader.read(in, file);
        checkFits(file, header, fileSize, gzip);
        float[] data = new float[(int) header.elements()];
        readData(in, header, data, file);
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
          throw new IdxFormatException(file, "trailing data: " + extra + " bytes follow the "
              + header.promise() + " that the header promises; are the dimensions wrong?");
        }
        return Tensor.wrap(Shape.of(header.dims()), data);
      } catch (ZipException | EOFException e) {
        if (!gzip) {
          throw e;
        }
        throw new IdxFormatException(file, "corrupted gzip data (" + e.getMessage()
            + "); the file is damaged or incomplete, fetch it again", e);
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

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
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

  /** Refuses a header the file is too short (or, raw, too long) to honour — before allocating. */
  private static void checkFits(Path file, IdxHeader header, long fileSize, boolean gzip) {
    long wanted = header.dataBytes();
    if (gzip) {
      long mostInflated = fileSize * MAX_DEFLATE_RATIO;
      if (header.headerBytes() + wanted > mostInflated) {
        throw new IdxFormatException(file, "truncated: the header promises " + header.promise()
            + " but the whole gzip file is " + fileSize + " bytes, which inflate to at most "
            + mostInflated);
      }
      return;
    }
    long follow = fileSize - header.headerBytes();
    if (follow < wanted) {
      throw new IdxFormatException(file, "truncated: the header promises " + header.promise()
          + " but only " + follow + " follow");
    }
    if (follow > wanted) {
      throw new IdxFormatException(file, "trailing data: " + (follow - wanted)
          + " bytes follow the " + header.promise()
          + " that the header promises; are the dimensions wrong?");
    }
  }

  private static void readData(InputStream in, IdxHeader header, float[] data, Path file)
      throws IOException {
    int width = header.type().width;
    byte[] chunk = new byte[CHUNK];
    int done = 0;
    while (done < data.length) {
      int want = (int) Math.min(CHUNK, (long) (data.length - done) * width);
      int got = IdxHeader.readUpTo(in, chunk, want);
      header.type().decode(chunk, got / width, data, done);
      if (got < want) {
        long follow = (long) done * width + got;
        throw new IdxFormatException(file, "truncated: the header promises " + header.promise()
            + " but only " + follow + " follow");
      }
      done += got / width;
    }
  }
}
