package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.graph.Node;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.FashionMnist;
import io.nabla.nn.data.Splits;
import io.nabla.nn.io.Checkpoint;
import io.nabla.nn.layer.Activation;
import io.nabla.nn.layer.Dense;
import io.nabla.nn.layer.Flatten;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.ModelBuilder;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.model.WeightTransfer;
import io.nabla.nn.optim.Adam;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course's use of auto-encoders: pre-train an encoder on unlabelled images, move it into a
 * classifier, fine-tune with the encoder frozen and then unfrozen, on few labels.
 */
class PretrainingTest {
  private static Splits data;

  @BeforeAll
  static void load() throws Exception {
    Optional<Path> dir = FashionMnist.defaultDirectory();
    Assumptions.assumeTrue(dir.isPresent(), "Fashion-MNIST is not installed; run"
        + " apt-get install dataset-fashion-mnist");
    data = FashionMnist.load(dir.get());
  }

  private static Model autoencoder() {
    ModelBuilder net = new ModelBuilder(1);
    Node x = net.input("input", 1, 28, 28);
    Node code = net.apply(Activation.relu(), net.apply("enc", new Dense(64),
        net.apply(new Flatten(), x)));
    Node out = net.apply(Activation.sigmoid(), net.apply("dec", new Dense(784), code));
    return net.output("reconstruction", net.apply(new io.nabla.nn.layer.Reshape(1, 28, 28),
        out)).build();
  }

  private static Model classifier(long seed) {
    ModelBuilder net = new ModelBuilder(seed);
    Node x = net.input("input", 1, 28, 28);
    Node code = net.apply(Activation.relu(), net.apply("enc", new Dense(64),
        net.apply(new Flatten(), x)));
    return net.output("scores", net.apply("head", new Dense(10), code)).build();
  }

  /** Fine-tunes on {@code few}: the head alone with the encoder frozen, then everything. */
  private static double fineTune(Model m, Dataset few, Dataset test) {
    m.freeze("enc");
    Trainer t = Trainer.builder(m, new Adam(0.003)).seed(2).build();
    float[] frozen = m.session().state(m.graph().node("enc/weight")).toArray();
    t.fit(few, null, 15, 32);
    assertArrayEquals(frozen, m.session().state(m.graph().node("enc/weight")).toArray(),
        "a frozen parameter is bit-identical after training");
    m.unfreeze("enc");
    t.fit(few, null, 10, 32);
    assertFalse(java.util.Arrays.equals(frozen,
        m.session().state(m.graph().node("enc/weight")).toArray()), "unfrozen, it trains");
    return t.evaluate(test).accuracy();
  }

  @Test
  void aPretrainedEncoderBeatsARandomOneOnFewLabels(@TempDir Path dir) throws Exception {
    Dataset unlabelled = data.train().take(10_000);
    Dataset few = data.train().slice(20_000, 20_300);
    Dataset test = data.test().take(2_000);
    Model ae = autoencoder();
    Trainer pre = Trainer.builder(ae, new Adam(0.002)).loss(Loss.reconstruction()).seed(1)
        .build();
    pre.fit(unlabelled, null, 3, 64);

    Model pretrained = classifier(5);
    WeightTransfer.layers(ae, pretrained, Map.of("enc", "enc"));
    Model random = classifier(5);
    double withPretraining = fineTune(pretrained, few, test);
    double fromScratch = fineTune(random, few, test);
    assertTrue(withPretraining > fromScratch + 0.02, "pretrained " + withPretraining
        + " vs random " + fromScratch);

    // a checkpoint of a model with frozen parameters loads into the same architecture
    pretrained.freeze("enc");
    Path file = dir.resolve("clf.safetensors");
    Checkpoint.save(file, pretrained, null, Map.of());
    Model again = classifier(9);
    Checkpoint.load(file, again, null);
    assertArrayEquals(pretrained.predict(test.take(5).features()).toArray(),
        again.predict(test.take(5).features()).toArray());
  }

  @Test
  void freezingUnknownNamesOrEverythingIsRefused() {
    Model m = classifier(1);
    assertEquals("no layer or parameter 'encoder' to freeze; the layers with parameters are enc,"
        + " head", assertThrows(IllegalArgumentException.class, () -> m.freeze("encoder"))
            .getMessage());
    m.freeze("enc", "head");
    Trainer t = Trainer.builder(m, new Adam(0.01)).build();
    assertEquals("every parameter of the model is frozen, so training would change nothing;"
        + " unfreeze some layers first (model.unfreeze(…))", assertThrows(
            IllegalStateException.class, () -> t.fit(data.test().take(10), null, 1, 5))
            .getMessage());
    m.unfreezeAll();
    assertEquals(4, m.trainableParameters().size());
    assertTrue(m.parameters().stream().noneMatch(m::isFrozen));
    assertEquals(m.parameters().size(), m.parameters().stream().map(Parameter::name).distinct()
        .count());
  }
}
