package io.nabla.samples;

import io.nabla.nn.data.Generated;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** XOR: four clusters no straight line separates. */
@Command(name = "xor", mixinStandardHelpOptions = true,
    description = "Logistic regression next to an MLP on XOR; decision-boundary PNGs of both.")
final class XorCommand implements Callable<Integer> {
  @Mixin
  CommonOptions options;

  @Override
  public Integer call() throws Exception {
    return TwoDimensionalSample.run("xor", Generated.xor(400, 0.2, options.seed), options,
        new int[] {8}, 60);
  }
}
