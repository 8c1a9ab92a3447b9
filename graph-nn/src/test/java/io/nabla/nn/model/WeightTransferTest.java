package io.nabla.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nabla.core.tensor.Tensor;
import io.nabla.nn.layer.Activation;
import io.nabla.nn.layer.Dense;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightTransferTest {
  private static final Tensor X = Tensor.fromFunction(io.nabla.core.tensor.Shape.of(3, 4),
      i -> (float) Math.sin(i));

  private static Model mlp(long seed, int hidden, String firstName) {
    return Sequential.input(4).add(firstName, new Dense(hidden)).add(Activation.tanh())
        .add("head", new Dense(2)).build(seed);
  }

  @Test
  void byNameCopiesEveryVariableSoBothModelsPredictAlike() {
    Model a = mlp(1, 8, "enc");
    Model b = mlp(2, 8, "enc");
    List<String> copied = WeightTransfer.byName(a, b);
    assertEquals(List.of("enc/weight", "enc/bias", "head/weight", "head/bias"), copied);
    assertArrayEquals(a.predict(X).toArray(), b.predict(X).toArray(), 0f);
  }

  @Test
  void layersCopiesOneLayerIntoADifferentlyNamedOne() {
    Model a = mlp(1, 8, "enc");
    Model b = mlp(2, 8, "dense");
    float[] headBefore = b.session().value(b.graph().node("head/weight")).toArray();
    assertEquals(List.of("dense/weight", "dense/bias"),
        WeightTransfer.layers(a, b, Map.of("enc", "dense")));
    assertArrayEquals(a.session().value(a.graph().node("enc/weight")).toArray(),
        b.session().value(b.graph().node("dense/weight")).toArray(), 0f);
    assertArrayEquals(headBefore, b.session().value(b.graph().node("head/weight")).toArray(),
        0f, "layers not mapped stay as they were");
  }

  @Test
  void differentShapesAreRefusedNamingBothSidesAndNothingIsCopied() {
    Model a = mlp(1, 8, "enc");
    Model b = mlp(2, 6, "enc");
    float[] before = b.session().value(b.graph().node("enc/weight")).toArray();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WeightTransfer.layers(a, b, Map.of("enc", "enc")));
    assertEquals("cannot copy source 'enc/weight' f32[4,8] into target 'enc/weight' f32[4,6]:"
        + " the shapes differ; was the layer built with other sizes?", e.getMessage());
    assertArrayEquals(before, b.session().value(b.graph().node("enc/weight")).toArray(), 0f);
  }

  @Test
  void aMissingLayerOrNoSharedNameIsRefused() {
    Model a = mlp(1, 8, "enc");
    Model b = mlp(2, 8, "dense");
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> WeightTransfer.layers(a, b, Map.of("encoder", "dense")));
    assertEquals("the source model has no layer 'encoder' with parameters or statistics; its"
        + " variables are [enc/weight, enc/bias, head/weight, head/bias]", missing.getMessage());
    Model c = Sequential.input(4).add("x", new Dense(2)).build(1);
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> WeightTransfer.byName(a, c));
    assertEquals("the models share no variable name, so nothing can be copied by name (the"
        + " target has [x/weight, x/bias]); copy layer by layer with"
        + " WeightTransfer.layers(source, target, mapping)", none.getMessage());
  }
}
