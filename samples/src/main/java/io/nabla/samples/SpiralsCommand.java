package io.nabla.samples;

import io.nabla.nn.data.Generated;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Two interleaved spirals: the classic hard case for a linear model. */
@Command(name = "spirals", mixinStandardHelpOptions = true,
    description = "Logistic regression next to an MLP on two spirals; decision-boundary PNGs.")
final class SpiralsCommand implements Callable<Integer> {
  @Mixin
  CommonOptions options;

  @Override
  public Integer call() throws Exception {
    return TwoDimensionalSample.run("spirals", Generated.spirals(600, 0.02, options.seed),
        options, new int[] {64, 64}, 150);
  }
}
