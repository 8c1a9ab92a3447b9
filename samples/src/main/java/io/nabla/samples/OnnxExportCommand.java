package io.nabla.samples;

import io.nabla.nn.io.Checkpoint;
import io.nabla.nn.layer.Dense;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Sequential;
import io.nabla.onnx.OnnxExporter;
import io.nabla.onnx.proto.OnnxProto.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes a model as ONNX, for ONNX Runtime and the other serving stacks. */
@Command(name = "onnx-export", mixinStandardHelpOptions = true,
    description = "Writes a model (freshly initialised, or from a checkpoint) as an ONNX file.")
final class OnnxExportCommand implements Callable<Integer> {
  /**
   * The standard mappings plus the custom-op sample's softsign, registered through the
   * exporter's SPI: ONNX has a Softsign op of its own.
   */
  static final OnnxExporter EXPORTER = OnnxExporter.standard()
      .with(SoftSign.class, ctx -> ctx.add("Softsign", ctx.output(), ctx.input(0)));

  @Option(names = "--model", defaultValue = "lenet", description = "one of "
      + Architectures.NAMES + ", or softsign (the custom-op sample's net; default:"
      + " ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--checkpoint", description = "a .safetensors checkpoint of that model")
  Path checkpoint;

  @Option(names = "--out", required = true, description = "the .onnx file to write")
  Path out;

  @Override
  public Integer call() throws IOException {
    Model m = model.equals("softsign")
        ? Sequential.input(2).add(new Dense(32)).add(new CustomOpCommand.SoftSignLayer())
            .add(new Dense(32)).add(new CustomOpCommand.SoftSignLayer()).add(new Dense(2))
            .build(0)
        : Architectures.build(model, 0);
    if (checkpoint != null) {
      Checkpoint.load(checkpoint, m, null);
    }
    ModelProto proto = EXPORTER.export(m);
    OnnxExporter.write(proto, out);
    System.out.printf("wrote %s: %s, opset %d, %d nodes, %d initializers, inputs %s, outputs"
        + " %s%n", out, model, OnnxExporter.OPSET, proto.getGraph().getNodeCount(),
        proto.getGraph().getInitializerCount(), m.inputs().keySet(), m.outputs().keySet());
    System.out.println(new ResultLine("onnx-export", "none").put("model", model)
        .put("nodes", proto.getGraph().getNodeCount())
        .put("parameters", m.parameterCount()).put("bytes", Files.size(out)).format());
    return 0;
  }
}
