package io.nabla.testing.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.graph.OpContext;
import io.nabla.core.graph.ShapeRules;
import io.nabla.core.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random graphs of the op library have correct gradients; and a wrong gradient hidden among the
 * library's ops is found and shrunk to a graph of a few nodes. Run more cases with
 * {@code -Dnabla.fuzz.cases=2000} (and another seed with {@code -Dnabla.fuzz.seed=7}).
 */
class GradientFuzzTest {
  private static final int CASES = Integer.getInteger("nabla.fuzz.cases", 600);
  private static final long SEED = Long.getLong("nabla.fuzz.seed", 42);

  @Test
  void randomGraphsOfTheOpLibraryHaveCorrectGradients() {
    FuzzReport report = GradientFuzzer.builder().seed(SEED).maxFailures(3).build()
        .run(0, CASES);
    System.out.println(report.summary());
    StringBuilder failures = new StringBuilder(report.summary());
    report.failures().forEach(f -> failures.append('\n').append(f.report()));
    assertTrue(report.ok(), failures::toString);
    assertEquals(CASES, report.cases());
    assertTrue(report.opTypes().size() >= 40, "too few op types covered: " + report.summary());
    assertTrue(report.sizes().maxDepth() >= 10, "no long chains: " + report.summary());
  }

  @Test
  void aWrongGradientIsFoundShrunkAndReportedWithItsGraph() {
    List<Recipe> recipes = new ArrayList<>(Recipes.standard());
    recipes.add(UnaryRecipe.of("wrong_double", Domain.ANY,
        x -> x.graph().apply(new WrongGradientOp(), x)));
    GradientFuzzer fuzzer = GradientFuzzer.builder().seed(7).recipes(recipes).build();
    FuzzReport report = fuzzer.run(0, 300);

    assertFalse(report.ok(), "the wrong gradient went unnoticed: " + report.summary());
    FuzzFailure failure = report.failures().get(0);
    String text = failure.report();
    assertTrue(failure.opNodeCount() <= 3, "not shrunk enough:\n" + text);
    assertTrue(failure.originalSteps() >= failure.shrunk().stepCount(), text);
    assertTrue(failure.text().contains("= wrong_double "), text);
    assertTrue(failure.dot().startsWith("digraph") && failure.dot().contains("wrong_double"),
        text);
    assertTrue(text.contains("seed 7, case " + failure.caseNumber()), text);
    assertTrue(text.contains(failure.text()) && text.contains(failure.dot()), text);
    assertEquals("mismatch", failure.verdict().kind(), text);

    // the seed and case number reproduce it
    FuzzReport again = fuzzer.run(failure.caseNumber(), 1);
    assertFalse(again.ok(), "case " + failure.caseNumber() + " did not fail again");
    System.out.println(text);
  }

  @Test
  void anOpThatCrashesIsReportedNotSkipped() {
    List<Recipe> recipes = new ArrayList<>(Recipes.standard());
    recipes.add(UnaryRecipe.of("crashing", Domain.ANY,
        x -> x.graph().apply(new CrashingOp(), x)));
    GradientFuzzer fuzzer = GradientFuzzer.builder().seed(5).recipes(recipes).build();
    var e = assertThrows(IllegalStateException.class, () -> fuzzer.run(0, 300));
    assertTrue(e.getMessage().startsWith("gradient fuzzing, seed 5, case "), e.getMessage());
    assertTrue(e.getMessage().contains("step 'crashing' crashed on operands"), e.getMessage());
  }

  /** An op whose kernel reads outside its input, as a buggy kernel might. */
  private static final class CrashingOp implements Op {
    @Override
    public String type() {
      return "crashing";
    }

    @Override
    public Shape outputShape(List<Shape> in) {
      return ShapeRules.unary(this, in);
    }

    @Override
    public void compute(OpContext c) {
      c.output().data()[0] = c.input(0).data()[c.input(0).size() + 1000];
    }

    @Override
    public List<Node> gradient(GradContext g) {
      return List.of(g.upstream());
    }
  }
}
