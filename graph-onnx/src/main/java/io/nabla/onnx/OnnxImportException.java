package io.nabla.onnx;

/**
 * An ONNX file that cannot become a Nabla model: malformed or truncated protobuf, an opset out of
 * range, an op or attribute value without a Nabla equivalent, an initializer whose data does not
 * fit its shape, a node reading a value nothing computes (a cycle, or a graph out of order). The
 * message names the node and what is wrong; nothing is half-built.
 */
public final class OnnxImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OnnxImportException(String message) {
    super(message);
  }

  public OnnxImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
