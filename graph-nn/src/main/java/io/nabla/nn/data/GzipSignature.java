package io.nabla.nn.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * Tells gzip from raw IDX by the first two bytes ({@code 1f 8b} against {@code 00 00}), refusing
 * a file that is neither but half of one, and puts the gzip decoder's failures in plain words.
 */
final class GzipSignature {
  private static final int ID1 = 0x1f;
  private static final int ID2 = 0x8b;

  private GzipSignature() {}

  /**
   * True when {@code file} starts with the gzip signature; false when it should be raw IDX.
   *
   * @throws IdxFormatException when one signature byte of gzip is there and the other is not,
   *     or the name ends in {@code .gz} and the file starts with neither signature
   */
  static boolean check(Path file) throws IOException {
    int first;
    int second;
    try (InputStream in = Files.newInputStream(file)) {
      first = in.read();
      second = in.read();
    }
    if (first == ID1 && second == ID2) {
      return true;
    }
    if (second < 0) {
      return false; // too short for either; the IDX header reports it
    }
    boolean halfGzip = (first == ID1) != (second == ID2);
    boolean idx = first == 0 && second == 0;
    boolean namedGzip = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT)
        .endsWith(".gz");
    if (halfGzip || namedGzip && !idx) {
      throw new IdxFormatException(file, String.format("damaged signature: the file starts with"
          + " 0x%02X 0x%02X, but a gzip file starts with 0x1F 0x8B and a raw IDX file with 0x00"
          + " 0x00; %s, so it is damaged: fetch it again", first, second,
          halfGzip ? "one of the two gzip bytes is there" : "its name says gzip"));
    }
    return false;
  }

  /** What went wrong in a gzip stream, in words (the decoder's own text is often empty). */
  static String describe(IOException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof EOFException) {
      return "the stream ends early, inside the compressed data or its 8-byte trailer (the file"
          + " is cut short)";
    }
    if (e instanceof ZipException) {
      switch (message) {
        case "Corrupt GZIP trailer":
          return "the CRC-32 or the length in the gzip trailer does not match the inflated data";
        case "Unsupported compression method":
          return "the gzip header names a compression method other than deflate";
        case "Not in GZIP format":
          return "the gzip signature is damaged";
        default:
          if (!message.isEmpty()) {
            return "the deflate data is invalid (zlib: " + message + ")";
          }
      }
    }
    return "the gzip stream cannot be decoded";
  }
}
