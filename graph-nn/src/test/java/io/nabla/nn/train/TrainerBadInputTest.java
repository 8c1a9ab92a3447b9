package io.nabla.nn.train;

import static io.nabla.ops.Ops.mean;
import static io.nabla.ops.Ops.relu;
import static io.nabla.ops.Ops.sqrt;
import static io.nabla.ops.Ops.sub;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.exec.GraphRunException;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.model.Cnn;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad data never trains or evaluates silently: empty sets and batches, examples of the wrong
 * shape, labels that are not classes of the model, and NaN or infinite values are refused with
 * a message naming the set, the example and the fix, before any weight changes.
 */
class TrainerBadInputTest {
  private final Model model = Mlp.inputs(2).hidden(4).classes(2).build(1);
  private final Trainer trainer = Trainer.builder(model, new Sgd(0.1)).build();

  private static String refused(Executable bad) {
    return assertThrows(IllegalArgumentException.class, bad).getMessage();
  }

  private Tensor firstWeight() {
    return model.session().value(model.parameters().get(0).variable());
  }

  private static Dataset twoD(float[] x, float... labels) {
    return new Dataset(Tensor.of(x, labels.length, 2), Tensor.vector(labels));
  }

  @Test
  void emptySetsAreRefused() {
    Dataset empty = new Dataset(Tensor.zeros(0, 2), Tensor.zeros(0));
    assertEquals("the training set is empty (Dataset[0 × f32[2], 0 classes]); give it at least one"
        + " example", refused(() -> trainer.fit(empty, null, 1, 8)));
    assertEquals("the evaluation set is empty (Dataset[0 × f32[2], 0 classes]); give it at least"
        + " one example", refused(() -> trainer.evaluate(empty)));
    Dataset good = Generated.xor(8, 0.1, 1);
    assertEquals("the test set is empty (Dataset[0 × f32[2], 0 classes]); give it at least one"
        + " example", refused(() -> trainer.fit(good, empty, 1, 8)));
  }

  @Test
  void examplesOfAnotherShapeAreRefused() {
    Dataset threeFeatures = new Dataset(Tensor.zeros(4, 3), Tensor.vector(0, 1, 0, 1));
    assertEquals("the training set holds examples of f32[3] but the model takes f32[2]; the data"
        + " does not fit this model", refused(() -> trainer.fit(threeFeatures, null, 1, 2)));
    Model flat = Mlp.inputs(4).classes(2).build(0);
    Dataset squares = new Dataset(Tensor.zeros(3, 2, 2), Tensor.vector(0, 1, 0));
    assertEquals("the evaluation set holds examples of f32[2,2] but the model takes f32[4];"
        + " reshape the set: reshaped(4)",
        refused(() -> Trainer.builder(flat, new Sgd(0.1)).build().evaluate(squares)));
  }

  @Test
  void labelsBeyondTheModelsClassesAreRefusedBeforeTraining() {
    Dataset threeClasses = twoD(new float[6], 0, 1, 2);
    Tensor before = firstWeight();
    String m = refused(() -> trainer.fit(threeClasses, null, 1, 3));
    assertEquals("the training set has labels up to 2 but the model's output '"
        + model.output().name() + "' f32[?,2] scores 2 classes (0..1); build the model with 3"
        + " classes", m);
    Dataset good = twoD(new float[6], 0, 1, 0);
    assertTrue(refused(() -> trainer.fit(good, threeClasses, 1, 3))
        .startsWith("the test set has labels up to 2 but the model's output"));
    assertTrue(refused(() -> trainer.evaluate(threeClasses))
        .startsWith("the evaluation set has labels up to 2 but the model's output"));
    assertEquals(0, trainer.steps(), "no step was taken");
    assertEquals(before, firstWeight());
  }

  @Test
  void nonFiniteValuesInASetAreRefusedNamingTheExampleAndFeature() {
    Dataset nan = twoD(new float[] {0, 1, 2, Float.NaN, 4, 5}, 0, 1, 0);
    Tensor before = firstWeight();
    assertEquals("the training set: example 1 has NaN at feature [1]; a non-finite input makes"
        + " the loss and then every weight NaN. Clean or drop that example",
        refused(() -> trainer.fit(nan, null, 1, 3)));
    assertEquals(before, firstWeight(), "nothing was learned from the bad set");
    // beyond the first evaluation batch of 500, the example is still numbered as in the set
    float[] x = new float[1200];
    x[2 * 550] = Float.POSITIVE_INFINITY;
    Dataset inf = new Dataset(Tensor.of(x, 600, 2), Tensor.zeros(600));
    assertEquals("the evaluation set: example 550 has Infinity at feature [0]; a non-finite input"
        + " makes the loss and then every weight NaN. Clean or drop that example",
        refused(() -> trainer.evaluate(inf)));
  }

  @Test
  void aStepRefusesABatchOfTheWrongShapeOrRank() {
    assertEquals("the batch: the model takes examples of f32[2] but was given f32[3,3] (examples"
        + " of f32[3]); each example has 3 values but the model takes 2; the data does not fit"
        + " this model",
        refused(() -> trainer.step(new Batch(Tensor.zeros(3, 3), Tensor.zeros(3)))));
    assertEquals("the batch: the model takes a batch f32[?,2] but was given f32[3] (rank 1"
        + " instead of 2); reshape it to [n,2]",
        refused(() -> trainer.step(new Batch(Tensor.zeros(3), Tensor.zeros(3)))));
    assertEquals(0, trainer.steps());
  }

  @Test
  void aStepRefusesAnEmptyBatch() {
    assertEquals("the batch: the model was given an empty batch f32[0,2]; give at least one"
        + " example", refused(() -> trainer.step(new Batch(Tensor.zeros(0, 2), Tensor.zeros(0)))));
  }

  @Test
  void aStepRefusesLabelsThatAreNotClasses() {
    Tensor before = firstWeight();
    String tail = ", not a class of the model's output '" + model.output().name() + "' f32[?,2];"
        + " labels must be whole numbers 0..1";
    assertEquals("the batch: the label of example 1 is -1.0" + tail,
        refused(() -> trainer.step(new Batch(Tensor.zeros(2, 2), Tensor.vector(0, -1)))));
    assertEquals("the batch: the label of example 0 is 2.0" + tail
        + " (build the model with at least 3 classes)",
        refused(() -> trainer.step(new Batch(Tensor.zeros(2, 2), Tensor.vector(2, 1)))));
    assertEquals("the batch: the label of example 1 is 0.5" + tail,
        refused(() -> trainer.step(new Batch(Tensor.zeros(2, 2), Tensor.vector(1, 0.5f)))));
    assertEquals("the batch: the label of example 0 is NaN" + tail,
        refused(() -> trainer.step(new Batch(Tensor.zeros(1, 2), Tensor.vector(Float.NaN)))));
    assertEquals(before, firstWeight());
    assertEquals(0, trainer.steps());
  }

  @Test
  void aStepRefusesANonFiniteInputNamingItsPositionInTheImage() {
    Model cnn = Cnn.input(1, 4, 4).conv(2, 3, 1).relu().flatten().dense(2).build(0);
    Trainer t = Trainer.builder(cnn, new Sgd(0.1)).build();
    Tensor x = Tensor.zeros(3, 1, 4, 4);
    x.data()[2 * 16 + 6] = Float.NEGATIVE_INFINITY;
    assertEquals("the batch: example 2 has -Infinity at feature [0,1,2]; a non-finite input"
        + " makes the loss and then every weight NaN. Clean or drop that example",
        refused(() -> t.step(new Batch(x, Tensor.vector(0, 1, 0)))));
  }

  @Test
  void aReconstructionIgnoresTheLabels() {
    Model auto = Mlp.inputs(2).hidden(3).classes(2).build(0);
    Trainer t = Trainer.builder(auto, new Sgd(0.1)).loss(Loss.reconstruction()).build();
    double loss = t.step(new Batch(Tensor.of(new float[] {1, 2}, 1, 2), Tensor.vector(-7)));
    assertTrue(Double.isFinite(loss));
  }

  @Test
  void theTrapNamesAForwardNodeThatOverflows() {
    // finite inputs so large that the first product overflows to infinity
    Dataset huge = twoD(new float[] {3e38f, 3e38f, 3e38f, 3e38f}, 0, 1);
    Model fresh = Mlp.inputs(2).hidden(4).classes(2).build(1);
    Trainer trapped = Trainer.builder(fresh, new Sgd(0.1)).trapNonFinite(true).build();
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> trapped.fit(huge, null, 1, 2));
    assertTrue(e.getMessage().contains("Infinity at element "), e.getMessage());
    assertTrue(e.getMessage().contains(" of matmul 'dense1/matmul' (inputs: 'input' f32[2,2],"
        + " 'dense1/weight' f32[2,4]); input ranges: 'input' [3.0E38, 3.0E38]"), e.getMessage());
  }

  @Test
  void theTrapNamesAGradientNodeWhileTheForwardPassIsFinite() {
    // mean(sqrt(relu(scores - 100))) is 0, but its gradient at 0 divides by zero
    Loss rootLoss = ctx -> mean(sqrt(relu(sub(ctx.output(null), 100f))));
    Trainer trapped = Trainer.builder(model, new Sgd(0.1)).loss(rootLoss).trapNonFinite(true)
        .build();
    Batch batch = new Batch(Tensor.of(new float[] {1, -1, -2, 3}, 2, 2), Tensor.zeros(2));
    GraphRunException e = assertThrows(GraphRunException.class, () -> trapped.step(batch));
    assertTrue(e.getMessage().startsWith("non-finite value Infinity at element "),
        e.getMessage());
    assertTrue(e.getMessage().contains(" of div 'train/grad/sqrt/div' (inputs: "), e.getMessage());
    assertTrue(e.getMessage().contains("[in the gradient of sqrt 'train/sqrt']"), e.getMessage());
    assertTrue(e.getMessage().contains("The inputs are finite, so this op made it"),
        e.getMessage());
    Trainer loose = Trainer.builder(model, new Sgd(0.1)).loss(rootLoss).build();
    assertTrue(Double.isFinite(loose.step(batch)), "the loss itself is finite");
  }
}
