package io.nabla.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.graph.ShapeException;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.layer.Dense;
import io.nabla.nn.layer.Flatten;
import org.junit.jupiter.api.Test;

class ModelBuildingTest {

  @Test
  void lenet5HasTheClassicParameterCountAndShapes() {
    Model m = Presets.lenet5(10).build(0);
    // conv1 156, conv2 2416, fc 48120 + 10164 + 850
    assertEquals(61_706, m.parameterCount());
    assertEquals(Shape.of(-1, 10), m.output().shape());
    assertEquals("conv1", m.layers().get(0).name());
    assertEquals(Shape.of(-1, 6, 28, 28), m.layers().get(0).outputShape());
    assertTrue(m.graph().find("conv2/weight").isPresent());
    String summary = m.summary();
    assertTrue(summary.contains("conv1 (conv)"), summary);
    assertTrue(summary.contains("[?,16,5,5]"), summary);
    assertTrue(summary.contains("Trainable parameters: 61,706"), summary);
  }

  @Test
  void sameSeedGivesTheSameWeights() {
    Model a = Mlp.inputs(4).hidden(8).classes(3).build(5);
    Model b = Mlp.inputs(4).hidden(8).classes(3).build(5);
    Model c = Mlp.inputs(4).hidden(8).classes(3).build(6);
    var w = a.parameters().get(0).variable();
    assertEquals(a.session().value(w), b.session().value(b.parameters().get(0).variable()));
    assertTrue(!a.session().value(w).equals(c.session().value(c.parameters().get(0).variable())));
  }

  @Test
  void heNormalWeightsHaveTheCourseVariance() {
    Model m = Mlp.inputs(400).hidden(300).classes(2).build(1);
    Tensor w = m.session().value(m.parameters().get(0).variable());
    double sq = 0;
    for (int i = 0; i < w.size(); i++) {
      sq += w.get(i) * w.get(i);
    }
    assertEquals(2.0 / 400, sq / w.size(), 2.0 / 400 * 0.05, "var = 2 / fan-in");
  }

  @Test
  void aShapeErrorNamesTheLayer() {
    ShapeException e = assertThrows(ShapeException.class,
        () -> Sequential.input(1, 28, 28).add(new Dense(10)).build(0));
    assertTrue(e.getMessage().startsWith("layer 1 'dense1' (dense) does not fit its input"
        + " f32[?,1,28,28]"), e.getMessage());
    assertTrue(e.getMessage().contains("add a Flatten layer"), e.getMessage());
    Model ok = Sequential.input(1, 28, 28).add(new Flatten()).add(new Dense(10)).build(0);
    assertEquals(7_850, ok.parameterCount());
  }

  @Test
  void everyPresetBuildsAndPredicts() {
    Tensor x = Tensor.zeros(2, 1, 28, 28);
    for (Cnn cnn : new Cnn[] {Presets.lenet5(10), Presets.vggSmall(1, 28, 10),
        Presets.resnetSmall(1, 28, 10), Presets.denseNetSmall(1, 28, 10)}) {
      Model m = cnn.build(0);
      assertEquals(Shape.of(2, 10), m.predict(x).shape(), m.summary());
    }
  }

  @Test
  void blocksNameTheirLayersInsideTheirScope() {
    Model m = Presets.resnetSmall(1, 28, 10).build(0);
    assertTrue(m.graph().find("res1/conv1/weight").isPresent());
    assertTrue(m.graph().find("res2/conv3/weight").isPresent(), "the projection shortcut");
    assertTrue(m.graph().find("res1/bn1/running_mean").isPresent());
  }
}
