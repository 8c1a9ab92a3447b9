package io.nabla.samples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The samples launcher: {@code java -jar samples/target/nabla-samples.jar <sample> [options]}. */
@Command(name = "nabla-samples", mixinStandardHelpOptions = true, version = "Nabla samples 0.1",
    description = "Runnable examples of Nabla. Each writes its files under --out"
        + " (default out/<sample>) and ends with a RESULT line.",
    subcommands = {LenetCommand.class, MlpCommand.class, XorCommand.class, SpiralsCommand.class,
        CnnCommand.class, AutoencoderCommand.class, CustomOpCommand.class, DotCommand.class,
        PredictCommand.class, FuzzCommand.class, OnnxExportCommand.class,
        OnnxPredictCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the launcher without exiting: the exit code. */
  static int run(String... args) {
    return new CommandLine(new Main())
        // a user gets the message, which names the problem and the fix, not a stack trace
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("error: " + e.getMessage());
          return 1;
        })
        .execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
