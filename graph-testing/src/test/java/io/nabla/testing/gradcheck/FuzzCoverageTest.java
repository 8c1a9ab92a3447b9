package io.nabla.testing.gradcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.reflect.ClassPath;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.graph.Op;
import io.nabla.testing.fuzz.FuzzReport;
import io.nabla.testing.fuzz.GradientFuzzer;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Fails when an op of the library never appears in the gradient fuzzer's random graphs (or in
 * their gradients): a new op needs a recipe in {@code Recipes.standard()}, as it needs a
 * gradient-check case.
 */
class FuzzCoverageTest {
  private static final String[] PACKAGES = {"io.nabla.ops", "io.nabla.core.primitive"};

  private static final String FUSED =
      "made by the layer-fusion pass from ops the fuzzer grows (FusedCases checks it)";

  /** Ops the fuzzer does not grow, and why. */
  private static final Map<String, String> NOT_FUZZED = Map.ofEntries(
      Map.entry("Equal", "a comparison mask, not differentiable"),
      Map.entry("OneHot", "labels are indices"),
      Map.entry("Count", "depends on the shape only"),
      Map.entry("FillLike", "depends on the shape only"),
      Map.entry("StopGradient", "blocks the gradient by definition"),
      Map.entry("Conv2dRelu", FUSED),
      Map.entry("MatMulBias", FUSED),
      Map.entry("MatMulBiasRelu", FUSED),
      Map.entry("MaxPool2dReluGrad", FUSED),
      Map.entry("MaxPool2dSelect", 
          "only in second-order gradients of max pooling, which 600 cases may not draw"));

  @Test
  void everyOpOfTheLibraryIsGrownByTheFuzzer() throws IOException {
    // each op's type name, read from the graphs of its gradient-check cases
    Map<Class<?>, String> types = new HashMap<>();
    for (GradCase c : OpGradientTest.cases()) {
      for (Node n : c.check().get().output().graph().nodes()) {
        if (n.kind() == NodeKind.OPERATION) {
          types.putIfAbsent(n.op().getClass(), n.op().type());
        }
      }
    }
    FuzzReport report = GradientFuzzer.builder().seed(42).build().run(0, 600);
    Set<String> missing = new TreeSet<>();
    ClassPath classPath = ClassPath.from(getClass().getClassLoader());
    for (String p : PACKAGES) {
      for (ClassPath.ClassInfo info : classPath.getTopLevelClassesRecursive(p)) {
        Class<?> type = info.load();
        if (!Op.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())
            || type.isInterface() || NOT_FUZZED.containsKey(type.getSimpleName())
            || type.getProtectionDomain().getCodeSource().getLocation().getPath()
                .contains("test-classes")) {
          continue;
        }
        String name = types.get(type);
        if (name == null || !report.opTypes().contains(name)) {
          missing.add(type.getSimpleName() + (name == null ? "" : " (" + name + ")"));
        }
      }
    }
    assertTrue(missing.isEmpty(), "ops the fuzzer never grows (add a recipe to"
        + " Recipes.standard(), or say why not here): " + missing + "; grown: "
        + report.opTypes());
  }
}
