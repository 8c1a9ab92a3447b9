package io.nabla.nn.data;

/**
 * The stored values of one column, row after row: floats, or unsigned bytes (image pixels) read
 * through a 256-entry table of what each byte stands for. A byte column stays a quarter of the
 * size of its floats whatever is done to it: scaling or standardizing maps the table, not the
 * data, and a batch is turned into floats only when it is copied out.
 */
sealed interface Values permits Values.Floats, Values.Bytes {

  /** A function of one value, applied to every value of a column. */
  @FunctionalInterface
  interface FloatMap {
    float apply(float v);
  }

  /** The number of values. */
  int length();

  /** Value {@code i}. */
  float get(int i);

  /** Rows {@code order[from…to)} (or {@code from…to} when {@code order} is null), as floats. */
  float[] rows(int[] order, int from, int to, int rowSize);

  /** The same rows kept in this representation. */
  Values select(int[] order, int from, int to, int rowSize);

  /** Every value mapped by {@code f}. */
  Values map(FloatMap f);

  /** Bytes {@code 0…255} standing for themselves. */
  static Values unsignedBytes(byte[] codes) {
    float[] table = new float[256];
    for (int b = 0; b < 256; b++) {
      table[b] = b;
    }
    return new Bytes(codes, table);
  }

  /** Plain floats. */
  record Floats(float[] data) implements Values {
    @Override
    public int length() {
      return data.length;
    }

    @Override
    public float get(int i) {
      return data[i];
    }

    @Override
    public float[] rows(int[] order, int from, int to, int rowSize) {
      int b = to - from;
      float[] out = new float[b * rowSize];
      if (order == null) {
        System.arraycopy(data, from * rowSize, out, 0, b * rowSize);
      } else {
        for (int i = 0; i < b; i++) {
          System.arraycopy(data, order[from + i] * rowSize, out, i * rowSize, rowSize);
        }
      }
      return out;
    }

    @Override
    public Values select(int[] order, int from, int to, int rowSize) {
      return new Floats(rows(order, from, to, rowSize));
    }

    @Override
    public Values map(FloatMap f) {
      float[] x = data.clone();
      for (int i = 0; i < x.length; i++) {
        x[i] = f.apply(x[i]);
      }
      return new Floats(x);
    }
  }

  /**
   * Unsigned bytes and the value each stands for. Mapping the table gives, bit for bit, what
   * mapping the floats would: each value is the same float run through the same function.
   */
  record Bytes(byte[] codes, float[] table) implements Values {
    @Override
    public int length() {
      return codes.length;
    }

    @Override
    public float get(int i) {
      return table[codes[i] & 0xFF];
    }

    @Override
    public float[] rows(int[] order, int from, int to, int rowSize) {
      int b = to - from;
      float[] out = new float[b * rowSize];
      for (int i = 0; i < b; i++) {
        int src = (order == null ? from + i : order[from + i]) * rowSize;
        int dst = i * rowSize;
        for (int k = 0; k < rowSize; k++) {
          out[dst + k] = table[codes[src + k] & 0xFF];
        }
      }
      return out;
    }

    @Override
    public Values select(int[] order, int from, int to, int rowSize) {
      int b = to - from;
      byte[] out = new byte[b * rowSize];
      for (int i = 0; i < b; i++) {
        int src = (order == null ? from + i : order[from + i]) * rowSize;
        System.arraycopy(codes, src, out, i * rowSize, rowSize);
      }
      return new Bytes(out, table);
    }

    @Override
    public Values map(FloatMap f) {
      float[] mapped = new float[256];
      for (int b = 0; b < 256; b++) {
        mapped[b] = f.apply(table[b]);
      }
      return new Bytes(codes, mapped);
    }
  }
}
