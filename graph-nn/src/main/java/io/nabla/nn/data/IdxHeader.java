package io.nabla.nn.data;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.StringJoiner;

/**
 * The header of an IDX file: two zero bytes, a type byte, a rank byte, then one big-endian
 * {@code int} per dimension. {@link #read} validates it before any data is allocated.
 */
record IdxHeader(IdxType type, int[] dims) {
  /** The largest rank accepted; real files have 1 (labels) or 3 (images). */
  static final int MAX_RANK = 8;
  /** The most elements one file may hold: 2^30, 4 GiB once read as floats. */
  static final long MAX_ELEMENTS = 1L << 30;

  /** Reads and checks the header; the stream is left at the first data byte. */
  static IdxHeader read(InputStream in, Path file) throws IOException {
    byte[] magic = new byte[4];
    int got = readUpTo(in, magic, 4);
    if (got < 4) {
      throw new IdxFormatException(file, "truncated: the file ends after " + got
          + " bytes, inside the 4-byte IDX header");
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw new IdxFormatException(file, String.format("wrong magic: an IDX file starts with two"
          + " zero bytes but this one starts with 0x%02X 0x%02X; is it an IDX file?",
          magic[0] & 0xFF, magic[1] & 0xFF));
    }
    IdxType type = IdxType.ofCode(magic[2] & 0xFF);
    if (type == null) {
      throw new IdxFormatException(file, String.format("unknown element type code 0x%02X;"
          + " IDX type codes are %s", magic[2] & 0xFF, IdxType.knownCodes()));
    }
    int rank = magic[3] & 0xFF;
    if (rank == 0 || rank > MAX_RANK) {
      throw new IdxFormatException(file, "the header declares " + rank
          + " dimensions; an IDX file has 1 to " + MAX_RANK);
    }
    byte[] raw = new byte[4 * rank];
    got = readUpTo(in, raw, raw.length);
    if (got < raw.length) {
      throw new IdxFormatException(file, "truncated: the header declares " + rank
          + " dimensions (" + raw.length + " bytes) but only " + got + " bytes follow");
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = IdxType.int32(raw, 4 * i);
      if (dims[i] < 0) {
        throw new IdxFormatException(file, String.format("dimension %d is %d (0x%08X);"
            + " dimensions are sizes >= 0", i, dims[i], dims[i]));
      }
    }
    IdxHeader header = new IdxHeader(type, dims);
    BigInteger count = header.exactCount();
    if (count.compareTo(BigInteger.valueOf(MAX_ELEMENTS)) > 0) {
      throw new IdxFormatException(file, "too large: the header promises " + header.shapeText()
          + " = " + count + " elements, more than the " + MAX_ELEMENTS
          + " one file may hold; is the header damaged?");
    }
    return header;
  }

  /** Reads until {@code n} bytes are in {@code buf} or the stream ends; returns the count. */
  static int readUpTo(InputStream in, byte[] buf, int n) throws IOException {
    return readUpTo(in, buf, 0, n);
  }

  /** As {@link #readUpTo(InputStream, byte[], int)}, into {@code buf[at…]}. */
  static int readUpTo(InputStream in, byte[] buf, int at, int n) throws IOException {
    int done = 0;
    while (done < n) {
      int r = in.read(buf, at + done, n - done);
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  /** Bytes taken by the header itself. */
  long headerBytes() {
    return 4L + 4L * dims.length;
  }

  /** Number of elements (checked to be at most {@link #MAX_ELEMENTS}). */
  long elements() {
    return exactCount().longValueExact();
  }

  /** Bytes of data that follow the header. */
  long dataBytes() {
    return elements() * type.width;
  }

  /** The dimensions as a product, e.g. {@code 60000×28×28}. */
  String shapeText() {
    StringJoiner j = new StringJoiner("×");
    for (int d : dims) {
      j.add(Integer.toString(d));
    }
    return j.toString();
  }

  /** What the header promises, e.g. {@code 60000×28×28 = 47040000 bytes of data}. */
  String promise() {
    String what = type.width == 1 ? " bytes" : " " + type.label + "s (" + dataBytes() + " bytes)";
    return shapeText() + " = " + elements() + what + " of data";
  }

  private BigInteger exactCount() {
    BigInteger n = BigInteger.ONE;
    for (int d : dims) {
      n = n.multiply(BigInteger.valueOf(d));
    }
    return n;
  }
}
