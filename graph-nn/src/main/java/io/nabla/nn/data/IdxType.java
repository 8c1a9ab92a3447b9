package io.nabla.nn.data;

import java.util.StringJoiner;

/**
 * The element types an IDX header may declare (its third byte), with their width and how to
 * turn big-endian bytes into floats.
 */
enum IdxType {
  UNSIGNED_BYTE(0x08, 1, "unsigned byte"),
  SIGNED_BYTE(0x09, 1, "signed byte"),
  SHORT(0x0B, 2, "short"),
  INT(0x0C, 4, "int"),
  FLOAT(0x0D, 4, "float"),
  DOUBLE(0x0E, 8, "double");

  /** The type byte in the header. */
  final int code;
  /** Bytes per element. */
  final int width;
  /** A name for messages. */
  final String label;

  IdxType(int code, int width, String label) {
    this.code = code;
    this.width = width;
    this.label = label;
  }

  /** The type with header byte {@code code}, or null when there is none. */
  static IdxType ofCode(int code) {
    for (IdxType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }

  /** Every known code with its name, for messages: {@code 0x08 (unsigned byte), …}. */
  static String knownCodes() {
    StringJoiner j = new StringJoiner(", ");
    for (IdxType t : values()) {
      j.add(String.format("0x%02X (%s)", t.code, t.label));
    }
    return j.toString();
  }

  /** Decodes {@code count} big-endian elements from {@code src} into {@code dst[at…]}. */
  void decode(byte[] src, int count, float[] dst, int at) {
    switch (this) {
      case UNSIGNED_BYTE -> {
        for (int i = 0; i < count; i++) {
          dst[at + i] = src[i] & 0xFF;
        }
      }
      case SIGNED_BYTE -> {
        for (int i = 0; i < count; i++) {
          dst[at + i] = src[i];
        }
      }
      case SHORT -> {
        for (int i = 0; i < count; i++) {
          dst[at + i] = (short) ((src[2 * i] << 8) | (src[2 * i + 1] & 0xFF));
        }
      }
      case INT -> {
        for (int i = 0; i < count; i++) {
          dst[at + i] = int32(src, 4 * i);
        }
      }
      case FLOAT -> {
        for (int i = 0; i < count; i++) {
          dst[at + i] = Float.intBitsToFloat(int32(src, 4 * i));
        }
      }
      case DOUBLE -> {
        for (int i = 0; i < count; i++) {
          long bits = ((long) int32(src, 8 * i) << 32) | (int32(src, 8 * i + 4) & 0xFFFFFFFFL);
          dst[at + i] = (float) Double.longBitsToDouble(bits);
        }
      }
      default -> throw new AssertionError(this);
    }
  }

  /** The big-endian int at {@code src[at…at+3]}. */
  static int int32(byte[] src, int at) {
    return (src[at] << 24) | ((src[at + 1] & 0xFF) << 16) | ((src[at + 2] & 0xFF) << 8)
        | (src[at + 3] & 0xFF);
  }
}
