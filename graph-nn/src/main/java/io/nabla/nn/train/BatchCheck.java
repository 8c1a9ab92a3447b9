package io.nabla.nn.train;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.model.Model;
import java.util.Arrays;
import java.util.Map;

/**
 * What a trainer refuses to learn from or evaluate on: a set missing an input or target the
 * model and loss need, examples the model cannot take, targets whose shape cannot match their
 * output, labels that are not one of the model's classes, and NaN or infinite inputs or targets,
 * which would make the loss and then every weight NaN. A cheap scan; the messages name the set,
 * the tensor, the example and the element, and say what to do.
 */
final class BatchCheck {
  private final Model model;
  private final Feeds feeds;
  private final Map<String, Targets.Target> targets;

  BatchCheck(Model model, Feeds feeds, Map<String, Targets.Target> targets) {
    this.model = model;
    this.feeds = feeds;
    this.targets = targets;
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

  /** Checks what a dataset says about itself: its size, names, example shapes and labels. */
  void checkSet(Dataset data, String set) {
    if (data.size() == 0) {
      throw new IllegalArgumentException(set + " is empty (" + data + "); give it at least one"
          + " example");
    }
    for (String input : model.inputs().keySet()) {
      String name = feeds.inputName(input, data.inputNames(), set);
      Shape features = data.shape(name);
      Shape want = model.featureShape(input);
      if (!features.equals(want)) {
        String which = model.inputs().size() == 1 ? "" : " for input '" + input + "'";
        throw new IllegalArgumentException(set + " holds examples of " + features.describe()
            + which + " but the model takes " + want.describe() + (features.size() == want.size()
                ? "; reshape the set: reshaped(" + Arrays.toString(want.dims())
                    .replaceAll("[\\[\\]]", "") + ")"
                : "; the data does not fit this model"));
      }
    }
    for (Targets.Target t : targets.values()) {
      String name = feeds.targetName(t.name(), data.targetNames(), set);
      Shape shape = data.shape(name);
      Node out = t.output();
      if (t.classIndices()) {
        if (shape.rank() != 0) {
          throw new IllegalArgumentException(set + "'s target '" + name + "' holds examples of "
              + shape.describe() + ", but the loss compares it as class indices (one per"
              + " example) with output '" + out.name() + "' " + out.shape().describe()
              + "; give labels [N], or use a loss for values");
        }
        int classes = out.shape().dim(1);
        if (data.targetNames().size() == 1 && data.numClasses() > classes) {
          throw new IllegalArgumentException(set + " has labels up to "
              + (data.numClasses() - 1) + " but the model's output '" + out.name() + "' "
              + out.shape().describe() + " scores " + classes + " classes (0.." + (classes - 1)
              + "); build the model with " + data.numClasses() + " classes");
        }
      } else {
        Shape per = Shape.of(Arrays.copyOfRange(out.shape().dims(), 1, out.shape().rank()));
        boolean column = per.equals(Shape.of(1)) && shape.rank() == 0;
        if (!column && !per.canEqual(shape)) {
          throw new IllegalArgumentException(set + "'s target '" + name + "' holds examples of "
              + shape.describe() + " but output '" + (model.outputName(out) != null
                  ? model.outputName(out) : out.name()) + "' "
              + out.shape().describe() + " gives " + per.describe() + " per example; the loss"
              + " compares them element by element, so their shapes must match");
        }
      }
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
    for (String input : model.inputs().keySet()) {
      String name = feeds.inputName(input, batch.inputs().keySet(), set);
      Tensor x = batch.inputs().get(name);
      try {
        model.checkInput(input, x);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(set + ": " + e.getMessage(), e);
      }
      checkFinite(x, model.inputs().size() == 1 ? "" : " of input '" + name + "'", set, first,
          "input");
    }
    for (Targets.Target t : targets.values()) {
      String name = feeds.targetName(t.name(), batch.targets().keySet(), set);
      Tensor y = batch.targets().get(name);
      if (y.shape().rank() < 1 || y.shape().dim(0) != batch.size()) {
        throw new IllegalArgumentException(set + ": target '" + name + "' "
            + y.shape().describe() + " does not hold one row for each of the " + batch.size()
            + " examples");
      }
      if (t.classIndices()) {
        checkLabels(y, t.output(), set, first);
      } else {
        checkFinite(y, " of target '" + name + "'", set, first, "target");
      }
    }
  }

  private void checkLabels(Tensor y, Node out, String set, int first) {
    int classes = out.shape().dim(1);
    float[] ys = y.data();
    for (int i = 0; i < ys.length; i++) {
      float v = ys[i];
      if (!(v >= 0 && v < classes && v == Math.rint(v))) {
        throw new IllegalArgumentException(set + ": the label of example " + (first + i)
            + " is " + v + ", not a class of the model's output '" + out.name() + "' "
            + out.shape().describe() + "; labels must be whole numbers 0.." + (classes - 1)
            + (v >= classes && v == Math.rint(v)
                ? " (build the model with at least " + ((int) v + 1) + " classes)" : ""));
      }
    }
  }

  private static void checkFinite(Tensor x, String of, String set, int first, String what) {
    float[] xs = x.data();
    if (!anyNonFinite(xs, x.size())) {
      return;
    }
    int rowSize = x.size() / Math.max(1, x.shape().dim(0));
    for (int i = 0; i < x.size(); i++) {
      if (!Float.isFinite(xs[i])) {
        int example = i / rowSize;
        throw new IllegalArgumentException(set + ": example " + (first + example) + " has "
            + xs[i] + " at " + (what.equals("input") ? "feature " : "element ")
            + index(i % rowSize, x.shape()) + of + "; a non-finite " + what + " makes the loss"
            + " and then every weight NaN. Clean or drop that example");
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

  /** {@code [0,14,3]}: the position of a value within one example of a tensor {@code shape}. */
  private static String index(int flat, Shape shape) {
    Shape per = Shape.of(Arrays.copyOfRange(shape.dims(), 1, shape.rank()));
    int[] strides = per.strides();
    int[] at = new int[strides.length];
    for (int d = 0; d < strides.length; d++) {
      at[d] = flat / strides[d];
      flat %= strides[d];
    }
    return Arrays.toString(at).replace(" ", "");
  }
}
