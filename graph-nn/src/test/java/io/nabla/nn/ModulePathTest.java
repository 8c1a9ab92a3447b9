package io.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.graph.Graph;
import io.nabla.nn.model.Model;
import io.nabla.ops.Ops;
import io.nabla.testing.GradientCheck;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that is itself a module ({@code requires io.nabla.nn; requires
 * io.nabla.testing;}) compiles against the four Nabla modules and Guava on the module path, trains
 * a model there, checks a gradient and fuzzes with the testing module, with the Vector API and
 * without it. It also sees that the kernels are not exported.
 */
class ModulePathTest {
  private static final String MODULE_INFO =
      "module app { requires io.nabla.nn; requires io.nabla.testing; }\n";
  private static final String MAIN = String.join("\n",
      "package app;",
      "",
      "import io.nabla.nn.data.Generated;",
      "import io.nabla.nn.model.Mlp;",
      "import io.nabla.nn.model.Model;",
      "import io.nabla.nn.optim.Adam;",
      "import io.nabla.nn.train.Trainer;",
      "import io.nabla.ops.Ops;",
      "import io.nabla.testing.GradientCheck;",
      "import io.nabla.testing.fuzz.GradientFuzzer;",
      "",
      "public final class Main {",
      "  public static void main(String[] args) {",
      "    Model model = Mlp.inputs(2).hidden(16).classes(2).build(3);",
      "    Trainer trainer = Trainer.builder(model, new Adam(0.02)).seed(1).build();",
      "    trainer.fit(Generated.xor(400, 0.1, 7), null, 30, 32);",
      "    double accuracy = trainer.evaluate(Generated.xor(200, 0.1, 8)).accuracy();",
      "    System.out.println(\"module \" + Model.class.getModule().getName());",
      "    System.out.println(\"kernels exported \""
          + " + Ops.class.getModule().isExported(\"io.nabla.ops.kernel\"));",
      "    System.out.println(\"accuracy \" + (accuracy > 0.9 ? \"above 0.9\" : accuracy));",
      "    var g = new io.nabla.core.graph.Graph();",
      "    var x = g.placeholder(\"x\", 2, 3);",
      "    GradientCheck.of(Ops.sum(Ops.tanh(x)))",
      "        .wrt(x, io.nabla.core.tensor.Tensor.fromFunction(x.shape(), i -> 0.3 * i - 0.7))",
      "        .run().assertPassed();",
      "    System.out.println(\"gradient check passed\");",
      "    var fuzz = GradientFuzzer.builder().seed(3).build().run(0, 20);",
      "    System.out.println(\"fuzz \" + (fuzz.ok() ? \"clean\" : fuzz.summary()));",
      "  }",
      "}",
      "");

  @TempDir static Path dir;
  private static String modulePath;
  private static Path classes;

  @BeforeAll
  static void compileTheApplication() throws Exception {
    List<String> entries = new ArrayList<>();
    for (Class<?> c : List.of(Model.class, Ops.class, Graph.class, GradientCheck.class)) {
      entries.add(Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString());
    }
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      // Guava and the annotation jars its module reads
      if (e.contains("com" + File.separator + "google") || e.contains("jspecify")) {
        entries.add(e);
      }
    }
    modulePath = String.join(File.pathSeparator, entries);
    Path src = dir.resolve("src/app");
    Files.createDirectories(src.resolve("app"));
    Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
    Files.writeString(src.resolve("app/Main.java"), MAIN);
    classes = dir.resolve("classes");
    Result javac = run(List.of(tool("javac"), "--module-path", modulePath, "-d",
        classes.toString(), src.resolve("module-info.java").toString(),
        src.resolve("app/Main.java").toString()));
    assertEquals(0, javac.exit(), "javac failed:\n" + javac.output());
  }

  @Test
  void itTrainsOnTheModulePathWithTheVectorApi() throws Exception {
    Result r = runApp(List.of("--add-modules", "jdk.incubator.vector"));

    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("nabla: kernels use Vector API"), r.output());
    assertApplicationRan(r);
  }

  @Test
  void itTrainsOnTheModulePathWithoutTheVectorApiOnTheScalarPath() throws Exception {
    Result r = runApp(List.of());

    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains(
        "(start the JVM with --add-modules jdk.incubator.vector for SIMD)"), r.output());
    assertTrue(!r.output().contains("Vector API"), r.output());
    assertApplicationRan(r);
  }

  private static void assertApplicationRan(Result r) {
    assertTrue(r.output().contains("module io.nabla.nn"), r.output());
    assertTrue(r.output().contains("kernels exported false"), r.output());
    assertTrue(r.output().contains("accuracy above 0.9"), r.output());
    // the testing module reads the core's primitives through a qualified export
    assertTrue(r.output().contains("gradient check passed"), r.output());
    assertTrue(r.output().contains("fuzz clean"), r.output());
  }

  private static Result runApp(List<String> jvmOptions) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(tool("java"));
    cmd.add("-Xshare:off");
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("--module-path", classes + File.pathSeparator + modulePath,
        "--module", "app/app.Main"));
    return run(cmd);
  }

  private static String tool(String name) {
    return Paths.get(System.getProperty("java.home"), "bin", name).toString();
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out;
    try (var in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd.stream().collect(Collectors.joining(" ")));
    }
    return new Result(p.exitValue(), out);
  }
}
