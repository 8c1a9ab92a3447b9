package io.nabla.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.model.Cnn;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Sgd;
import io.nabla.nn.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @TempDir
  Path dir;

  private static Cnn small() {
    return Cnn.input(1, 28, 28).conv(4, 3, 1).batchNorm().relu().maxPool(4).flatten().dense(10);
  }

  @Test
  void saveThenLoadGivesIdenticalPredictionsAndOptimizerState() throws Exception {
    Dataset images = Generated.images(96, 1);
    Model trained = small().build(1);
    Sgd sgd = new Sgd(0.05, 0.9);
    Trainer.builder(trained, sgd).build().fit(images, null, 1, 32);
    Path file = dir.resolve("model.safetensors");
    Checkpoint.save(file, trained, sgd, Map.of("note", "test"));

    Model fresh = small().build(99);
    Tensor x = images.take(8).features();
    assertFalse(Arrays.equals(trained.predict(x).toArray(), fresh.predict(x).toArray()));
    Sgd restored = new Sgd(0.05, 0.9);
    Map<String, String> meta = Checkpoint.load(file, fresh, restored);
    assertArrayEquals(trained.predict(x).toArray(), fresh.predict(x).toArray(), 0f,
        "parameters and running statistics restored");
    assertEquals("test", meta.get("note"));
    assertEquals(sgd.state().keySet(), restored.state().keySet());
    assertEquals(sgd.state().get("momentum/conv1/weight"),
        restored.state().get("momentum/conv1/weight"));
  }

  @Test
  void aCheckpointOfAnotherModelIsRefusedAndNothingChanges() throws Exception {
    Path file = dir.resolve("mlp.safetensors");
    Checkpoint.save(file, Mlp.inputs(4).hidden(8).classes(3).build(0), null, Map.of());
    Model other = Mlp.inputs(4).hidden(16).classes(3).build(0);
    Tensor before = other.session().value(other.parameters().get(0).variable());
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> Checkpoint.load(file, other, null));
    assertTrue(e.getMessage().contains("'dense1/weight' is f32[4,8] in the file but f32[4,16]"
        + " in the model"), e.getMessage());
    assertTrue(e.getMessage().contains("Was it saved from a different model?"), e.getMessage());
    assertEquals(before, other.session().value(other.parameters().get(0).variable()));

    Model cnn = small().build(0);
    CheckpointFormatException missing = assertThrows(CheckpointFormatException.class,
        () -> Checkpoint.load(file, cnn, null));
    assertTrue(missing.getMessage().contains("it lacks 'conv1/weight' f32[4,1,3,3]"),
        missing.getMessage());
  }

  @Test
  void aTruncatedCheckpointGivesAClearError() throws Exception {
    Path file = dir.resolve("m.safetensors");
    Model m = Mlp.inputs(4).hidden(8).classes(3).build(0);
    Checkpoint.save(file, m, null, Map.of());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> Checkpoint.load(file, m, null));
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void aSafetensorsFileThatIsNotANablaCheckpointIsNamedAsSuch() throws Exception {
    Path file = dir.resolve("plain.safetensors");
    Safetensors.write(file, Map.of("w", Tensor.vector(1f)), Map.of());
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> Checkpoint.load(file, Mlp.inputs(1).classes(2).build(0), null));
    assertTrue(e.getMessage().contains("not a Nabla checkpoint"), e.getMessage());
  }
}
