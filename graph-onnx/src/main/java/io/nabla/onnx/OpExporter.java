package io.nabla.onnx;

/**
 * How one Nabla op becomes ONNX nodes: the export's extension point. An exporter reads the node
 * through its {@link ExportContext}, asks it for the ONNX values of the inputs it needs, adds
 * the nodes that compute the op and names the last one's output {@link ExportContext#output()}
 * (or makes the node an alias of an existing value, for an op that changes nothing in
 * inference). A custom op registers its own:
 *
 * <pre>{@code
 * OnnxExporter exporter = OnnxExporter.standard()
 *     .with(Softsign.class, ctx -> ctx.add("Softsign", ctx.output(), ctx.input(0)));
 * }</pre>
 */
@FunctionalInterface
public interface OpExporter {

  /**
   * Adds the nodes for {@code ctx.node()}; throws {@link OnnxExportException} (see {@link
   * ExportContext#unsupported}) when the node's attributes have no ONNX equivalent.
   */
  void export(ExportContext ctx);
}
