package io.nabla.nn.train;

import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.model.Model;
import java.util.Arrays;

/**
 * What a trainer refuses to learn from or evaluate on: examples the model cannot take, labels
 * that are not one of its classes, and NaN or infinite inputs or targets, which would make the
 * loss and then every weight NaN. A cheap scan; the messages name the set, the example and the
 * element, and say what to do.
 */
final class BatchCheck {
  private final Model model;
  private final Loss loss;
  /** The number of classes the output scores, or 0 when labels are not class indices. */
  private final int classes;

  BatchCheck(Model model, Loss loss) {
    this.model = model;
    this.loss = loss;
    this.classes = loss.classifies() && loss.fedFromLabels() ? model.output().shape().dim(1) : 0;
  }

  /**
   * Checks a whole dataset before it is used, every example included; {@code set} names it in
   * messages ("the training set"). Examples are numbered as in the dataset.
   */
  void checkAll(Dataset data, String set) {
    checkSet(data, set);
    int first = 0;
    for (Batch b : data.batches(1024, null)) {
      check(b, set, first);
      first += b.size();
    }
  }

  /** Checks what a dataset says about itself: its size, example shape and largest label. */
  void checkSet(Dataset data, String set) {
    if (data.size() == 0) {
      throw new IllegalArgumentException(set + " is empty (" + data + "); give it at least one"
          + " example");
    }
    Shape features = data.featureShape();
    if (!features.equals(model.featureShape())) {
      Shape want = model.featureShape();
      throw new IllegalArgumentException(set + " holds examples of " + features.describe()
          + " but the model takes " + want.describe() + (features.size() == want.size()
              ? "; reshape the set: reshaped(" + Arrays.toString(want.dims()).replaceAll("[\\[\\]]",
                  "") + ")"
              : "; the data does not fit this model"));
    }
    if (classes > 0 && data.numClasses() > classes) {
      throw new IllegalArgumentException(set + " has labels up to " + (data.numClasses() - 1)
          + " but the model's output '" + model.output().name() + "' "
          + model.output().shape().describe() + " scores " + classes + " classes (0.."
          + (classes - 1) + "); build the model with " + data.numClasses() + " classes");
    }
  }

  /** Checks a batch given by hand to {@link Trainer#step}. */
  void check(Batch batch) {
    check(batch, "the batch", 0);
  }

  /**
   * Checks {@code batch}, whose examples are numbered from {@code first} in messages about
   * {@code set}.
   */
  void check(Batch batch, String set, int first) {
    try {
      model.checkInput(batch.x());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(set + ": " + e.getMessage(), e);
    }
    Tensor x = batch.x();
    int rowSize = x.size() / batch.size();
    float[] xs = x.data();
    if (anyNonFinite(xs, x.size())) {
      for (int i = 0; i < x.size(); i++) {
        if (!Float.isFinite(xs[i])) {
          int example = i / rowSize;
          throw new IllegalArgumentException(set + ": example " + (first + example) + " has "
              + xs[i] + " at feature " + featureIndex(i % rowSize) + "; a non-finite input makes"
              + " the loss and then every weight NaN. Clean or drop that example");
        }
      }
    }
    if (!loss.fedFromLabels()) {
      return;
    }
    float[] ys = batch.y().data();
    for (int i = 0; i < batch.size(); i++) {
      float v = ys[i];
      if (classes > 0 && !(v >= 0 && v < classes && v == Math.rint(v))) {
        throw new IllegalArgumentException(set + ": the label of example " + (first + i)
            + " is " + v + ", not a class of the model's output '" + model.output().name()
            + "' " + model.output().shape().describe() + "; labels must be whole numbers 0.."
            + (classes - 1) + (v >= classes && v == Math.rint(v)
                ? " (build the model with at least " + ((int) v + 1) + " classes)" : ""));
      }
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException(set + ": the target of example " + (first + i)
            + " is " + v + "; a non-finite target makes the loss NaN. Clean or drop that"
            + " example");
      }
    }
  }

  /**
   * True when one of the first {@code n} values is NaN or infinite: an exponent of all ones
   * carries into the sign bit. Branch-free, so the JIT vectorizes it; it runs on every step.
   */
  private static boolean anyNonFinite(float[] v, int n) {
    int carry = 0;
    for (int i = 0; i < n; i++) {
      carry |= (Float.floatToRawIntBits(v[i]) & 0x7F800000) + 0x00800000;
    }
    return carry < 0;
  }

  /** {@code [0,14,3]}: the position of a value within one example. */
  private String featureIndex(int flat) {
    int[] strides = model.featureShape().strides();
    int[] at = new int[strides.length];
    for (int d = 0; d < strides.length; d++) {
      at[d] = flat / strides[d];
      flat %= strides[d];
    }
    return Arrays.toString(at).replace(" ", "");
  }
}
