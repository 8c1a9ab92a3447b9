package io.nabla.testing.gradcheck;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every op's finite-difference gradient check. */
class OpGradientTest {

  static List<GradCase> cases() {
    List<GradCase> all = new ArrayList<>();
    all.addAll(ElementwiseCases.all());
    all.addAll(ShapeCases.all());
    all.addAll(ProbabilityCases.all());
    all.addAll(PrimitiveCases.all());
    all.addAll(ConvCases.all());
    all.addAll(PoolingCases.all());
    all.addAll(DecoderCases.all());
    all.addAll(ActivationCases.all());
    all.addAll(StructureCases.all());
    all.addAll(NormalizationCases.all());
    all.addAll(FusedCases.all());
    return all;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void symbolicGradientMatchesFiniteDifferences(GradCase c) {
    c.check().get().run().assertPassed();
  }
}
