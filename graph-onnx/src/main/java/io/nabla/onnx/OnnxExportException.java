package io.nabla.onnx;

/**
 * A graph that cannot be written as ONNX: an op without a mapping, an attribute ONNX cannot
 * express, a placeholder that is not an input of the export. The message names the node, its op
 * and what would make the export possible.
 */
public final class OnnxExportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OnnxExportException(String message) {
    super(message);
  }
}
