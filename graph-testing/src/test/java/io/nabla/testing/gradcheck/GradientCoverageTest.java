package io.nabla.testing.gradcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.reflect.ClassPath;
import io.nabla.core.graph.Op;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Fails when an op of the library exists without a gradient-check case. */
class GradientCoverageTest {
  /** The packages whose ops must all be checked: the library's and the core's primitives. */
  private static final String[] PACKAGES = {"io.nabla.ops", "io.nabla.core.primitive"};

  /** Ops with no differentiable input, and why; everything else needs a case. */
  private static final Map<String, String> NOT_DIFFERENTIABLE = Map.of(
      "Equal", "a comparison mask",
      "OneHot", "labels are indices",
      "Count", "depends on the shape only",
      "FillLike", "depends on the shape only",
      "StopGradient", "blocks the gradient by definition");

  @Test
  void everyOpHasAGradientCheck() throws IOException {
    Set<String> covered = OpGradientTest.cases().stream()
        .map(c -> c.op().getName()).collect(Collectors.toSet());
    Set<String> missing = new TreeSet<>();
    ClassPath classPath = ClassPath.from(getClass().getClassLoader());
    for (ClassPath.ClassInfo info : Arrays.stream(PACKAGES)
        .flatMap(p -> classPath.getTopLevelClassesRecursive(p).stream()).toList()) {
      Class<?> type = info.load();
      if (Op.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())
          && !type.isInterface() && !covered.contains(type.getName())
          && !NOT_DIFFERENTIABLE.containsKey(type.getSimpleName())
          && !type.getName().contains(".gradcheck.") && !definedByATest(type)) {
        missing.add(type.getName());
      }
    }
    assertTrue(missing.isEmpty(), "ops without a gradient-check case: " + missing);
  }

  /** Ops that tests define for themselves (a deliberately wrong one, say) are not the library's. */
  private static boolean definedByATest(Class<?> type) {
    var source = type.getProtectionDomain().getCodeSource();
    return source != null && source.getLocation().getPath().contains("test-classes");
  }
}
