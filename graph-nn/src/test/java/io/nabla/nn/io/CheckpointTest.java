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
import io.nabla.nn.optim.Adam;
import io.nabla.nn.optim.Sgd;
import io.nabla.nn.train.Trainer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
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
    assertTrue(e.getMessage().startsWith(file + ": the data buffer holds "), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void aTamperedCheckpointFailsItsChecksumAndNothingChanges() throws Exception {
    Path file = dir.resolve("m.safetensors");
    Model m = Mlp.inputs(4).hidden(8).classes(3).build(0);
    Checkpoint.save(file, m, null, Map.of());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 5] ^= 0x01;
    Files.write(file, bytes);
    Model target = Mlp.inputs(4).hidden(8).classes(3).build(1);
    Tensor before = target.session().value(target.parameters().get(0).variable());
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> Checkpoint.load(file, target, null));
    assertTrue(e.getMessage().startsWith(file + ": checksum mismatch: the file is corrupted"
        + " (expected CRC32 "), e.getMessage());
    assertTrue(e.getMessage().endsWith("; restore it from a copy or save it again"),
        e.getMessage());
    assertEquals(before, target.session().value(target.parameters().get(0).variable()));
  }

  @Test
  void aFileThatIsNotSafetensorsAtAllIsRefused() throws Exception {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "these are not the weights you are looking for");
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> Checkpoint.load(file, Mlp.inputs(1).classes(2).build(0), null));
    assertTrue(e.getMessage().startsWith(file + ": the header length is "), e.getMessage());
    assertTrue(e.getMessage().endsWith("this is not a safetensors file"), e.getMessage());
  }

  @Test
  void aCheckpointWithTensorsTheModelLacksIsRefused() throws Exception {
    Path file = dir.resolve("deep.safetensors");
    Checkpoint.save(file, Mlp.inputs(4).hidden(8, 8).classes(3).build(0), null, Map.of());
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> Checkpoint.load(file, Mlp.inputs(4).hidden(8).classes(3).build(0), null));
    assertTrue(e.getMessage().contains(", which the model does not have"), e.getMessage());
    assertTrue(e.getMessage().endsWith("Was it saved from a different model?"), e.getMessage());
  }

  @Test
  void optimizerStateOfOtherParametersIsRefused() throws Exception {
    Path file = dir.resolve("opt.safetensors");
    Model m = Mlp.inputs(4).hidden(8).classes(3).build(0);
    String w = m.parameters().get(0).name();
    Sgd sgd = new Sgd(0.1, 0.9);
    sgd.loadState(Map.of("momentum/elsewhere/weight", Tensor.zeros(2),
        "momentum/" + w, Tensor.zeros(3)));
    Checkpoint.save(file, m, sgd, Map.of());
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> Checkpoint.load(file, m, new Sgd(0.1, 0.9)));
    assertEquals(file + ": does not fit this model: optimizer state 'momentum/" + w + "' is f32[3]"
        + " but the parameter '" + w + "' is f32[4,8]; optimizer state 'momentum/elsewhere/weight'"
        + " belongs to no parameter of the model. Was it saved from a different model?",
        e.getMessage());
    // without an optimizer the weights alone load
    Checkpoint.load(file, m, null);
  }

  @Test
  void adamStateLoadedIntoSgdIsRefusedNamingBothAndNothingChanges() throws Exception {
    Dataset data = Generated.moons(32, 0.1, 1);
    Model m = Mlp.inputs(2).hidden(4).classes(2).build(0);
    Adam adam = new Adam(0.01);
    Trainer.builder(m, adam).build().fit(data, null, 1, 16);
    Path file = dir.resolve("adam.safetensors");
    Checkpoint.save(file, m, adam, Map.of());
    assertEquals("Adam", Checkpoint.read(file).metadata().get(Checkpoint.OPTIMIZER_KEY));

    Model other = Mlp.inputs(2).hidden(4).classes(2).build(5);
    Tensor before = other.session().value(other.parameters().get(0).variable());
    Sgd sgd = new Sgd(0.1, 0.9);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.load(file, other, sgd));
    assertEquals(file + " holds the state of optimizer Adam (adam_m/…, adam_steps, adam_v/…) but"
        + " is loaded into optimizer Sgd, which cannot use it. Load it into Adam to continue that"
        + " optimizer, or pass OtherOptimizerState.DROP to Checkpoint.load (or"
        + " CheckpointContents.applyTo) to load the weights and start the Sgd afresh",
        e.getMessage());
    assertEquals(before, other.session().value(other.parameters().get(0).variable()),
        "the weights are unchanged");
    assertTrue(sgd.state().isEmpty(), "the optimizer is unchanged");
  }

  @Test
  void adamStateIsDroppedWhenAsked() throws Exception {
    Dataset data = Generated.moons(32, 0.1, 1);
    Model m = Mlp.inputs(2).hidden(4).classes(2).build(0);
    Adam adam = new Adam(0.01);
    Trainer.builder(m, adam).build().fit(data, null, 1, 16);
    Path file = dir.resolve("adam.safetensors");
    Checkpoint.save(file, m, adam, Map.of());

    Model other = Mlp.inputs(2).hidden(4).classes(2).build(5);
    Sgd sgd = new Sgd(0.1, 0.9);
    Trainer.builder(other, sgd).build().fit(data, null, 1, 16);
    assertFalse(sgd.state().isEmpty());
    Checkpoint.load(file, other, sgd, OtherOptimizerState.DROP);
    assertEquals(m.session().value(m.parameters().get(0).variable()),
        other.session().value(other.parameters().get(0).variable()), "the weights load");
    assertTrue(sgd.state().isEmpty(), "no adam_m/… in the Sgd, and its own momentum cleared: "
        + sgd.state().keySet());
    // an optimizer of the same kind takes the state under either policy
    Adam again = new Adam(0.01);
    Checkpoint.load(file, other, again, OtherOptimizerState.DROP);
    assertEquals(adam.state().keySet(), again.state().keySet());
  }

  @Test
  void aCheckpointOfADivergedModelIsRefused() throws Exception {
    Path file = dir.resolve("nan.safetensors");
    Model m = Mlp.inputs(2).classes(2).build(0);
    String w = m.parameters().get(0).name();
    m.session().assign(m.parameters().get(0).variable(),
        Tensor.of(new float[] {1, 2, Float.NaN, 4}, 2, 2));
    Checkpoint.save(file, m, null, Map.of());
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> Checkpoint.load(file, Mlp.inputs(2).classes(2).build(0), null));
    assertEquals(file + ": holds non-finite values: '" + w + "' holds NaN at element 2. The model"
        + " had diverged when it was saved; load an earlier checkpoint", e.getMessage());
  }

  @Test
  void aSafetensorsFileThatIsNotANablaCheckpointIsNamedAsSuch() throws Exception {
    Path file = dir.resolve("plain.safetensors");
    Safetensors.write(file, Map.of("w", Tensor.vector(1f)), Map.of());
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> Checkpoint.load(file, Mlp.inputs(1).classes(2).build(0), null));
    assertEquals(file + ": not a Nabla checkpoint (metadata 'format' is missing, expected"
        + " 'nabla-checkpoint-1'); a plain safetensors file is read with Safetensors.read",
        e.getMessage());
  }

  @Test
  void aChangedMetadataByteIsRefused() throws Exception {
    Path file = dir.resolve("model.safetensors");
    Model m = Mlp.inputs(2).classes(2).build(0);
    Checkpoint.save(file, m, null, Map.of("architecture", "lenet5"));
    byte[] bytes = Files.readAllBytes(file);
    bytes[new String(bytes, StandardCharsets.ISO_8859_1).indexOf("lenet5") + 2] = 's';
    Files.write(file, bytes);

    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> Checkpoint.load(file, m, null));
    assertTrue(e.getMessage().startsWith(file + ": checksum mismatch: the file is corrupted"),
        e.getMessage());
  }

  @Test
  void aRenamedChecksumKeyIsRefusedAndNothingChanges() throws Exception {
    Path file = dir.resolve("model.safetensors");
    Model m = Mlp.inputs(2).classes(2).build(0);
    Checkpoint.save(file, m, null, Map.of());
    byte[] bytes = Files.readAllBytes(file);
    bytes[new String(bytes, StandardCharsets.ISO_8859_1).indexOf("nabla.checksum") + 1] = 'A';
    bytes[bytes.length - 1] ^= 0x7f;   // and a damaged data byte that nothing else would catch
    Files.write(file, bytes);
    Tensor before = m.session().value(m.parameters().get(0).variable());

    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> Checkpoint.load(file, m, null));
    assertTrue(e.getMessage().startsWith(file + ": it has no nabla.checksum in its metadata"),
        e.getMessage());
    assertEquals(before, m.session().value(m.parameters().get(0).variable()));
  }

  @Test
  void anOlderCheckpointIsRefusedUnlessReadUnchecked() throws Exception {
    Path file = dir.resolve("old.safetensors");
    Model saved = Mlp.inputs(2).classes(2).build(0);
    Checkpoint.save(file, saved, null, Map.of());
    olderFormat(file);

    Model m = Mlp.inputs(2).classes(2).build(7);
    CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
        () -> Checkpoint.load(file, m, null));
    assertEquals(file + ": it has no nabla.checksum in its metadata, so its header and data "
        + "cannot be verified: either the header is damaged (restore the file from a copy) or an"
        + " older Nabla wrote it (it has the older nabla.crc32, which covers only the data); to "
        + "read an older file anyway, use Checkpoint.readUnchecked and save it again",
        e.getMessage());

    Checkpoint.readUnchecked(file).applyTo(m, null);
    assertEquals(saved.session().value(saved.parameters().get(0).variable()),
        m.session().value(m.parameters().get(0).variable()));
  }

  @Test
  void aMissingFileNamesThePathAndTheFix() {
    Path file = dir.resolve("missing.safetensors");
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> Checkpoint.load(file, Mlp.inputs(2).classes(2).build(0), null));
    assertTrue(e.getMessage().startsWith(file + ": there is no such file"), e.getMessage());
  }

  /** Rewrites a checkpoint as older versions wrote it: a CRC32 of the data buffer only. */
  private static void olderFormat(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    int headerLength = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    String header = new String(bytes, 8, headerLength, StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(bytes, 8 + headerLength, bytes.length - 8 - headerLength);
    String older = header.replaceFirst("\"nabla.checksum\":\"[0-9a-f]{8}\",(.*?)\\}",
        "$1,\"nabla.crc32\":\"" + String.format("%08x", crc.getValue()) + "\"}");
    older = older + " ".repeat(headerLength - older.length());
    byte[] olderBytes = older.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(olderBytes, 0, bytes, 8, headerLength);
    Files.write(file, bytes);
  }
}
