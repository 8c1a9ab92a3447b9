package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The largest relative difference between Nabla's tensors and a reference's, per kind of
 * tensor (loss, logits, gradients…), with the tensor where it occurred. The relative difference
 * of {@code a} from the reference {@code b} is {@code max|a − b| / max(max|b|, Float.MIN_NORMAL)}
 * over all elements.
 */
final class Agreement {
  private final String subject;
  private final Map<String, Worst> worst = new LinkedHashMap<>();

  /** The largest difference of one kind so far, and the tensor that had it. */
  private record Worst(double difference, String tensor) {}

  Agreement(String subject) {
    this.subject = subject;
  }

  /** {@code max|a − b| / max(max|b|, Float.MIN_NORMAL)}; shapes must match. */
  static double relativeDifference(Tensor a, Tensor b) {
    double largestError = 0;
    double scale = Float.MIN_NORMAL;
    for (int i = 0; i < b.size(); i++) {
      double error = Math.abs((double) a.get(i) - b.get(i));
      // NaN never compares greater, so it must be caught explicitly.
      largestError = Double.isNaN(error) ? Double.NaN : Math.max(largestError, error);
      scale = Math.max(scale, Math.abs(b.get(i)));
    }
    return largestError / scale;
  }

  /** Compares Nabla's {@code nabla} with the reference's {@code reference}, as {@code kind}. */
  void compare(String kind, String tensor, Tensor nabla, Tensor reference) {
    assertEquals(reference.shape(), nabla.shape(), () -> subject + ": " + kind + " " + tensor
        + " has Nabla's shape " + nabla.shape().describe() + " but the reference's "
        + reference.shape().describe() + "; is the layout mapping wrong?");
    double d = relativeDifference(nabla, reference);
    Worst before = worst.get(kind);
    if (before == null || !(d <= before.difference())) {
      worst.put(kind, new Worst(d, tensor));
    }
  }

  /** The largest difference of {@code kind} so far (NaN if one was NaN). */
  double largest(String kind) {
    Worst w = worst.get(kind);
    assertTrue(w != null, () -> "nothing of kind " + kind + " was compared");
    return w.difference();
  }

  /** Fails, naming every kind out of bounds and its worst tensor, when one exceeds {@code bar}. */
  void assertWithin(double bar, String... kinds) {
    List<String> over = over(bar, kinds);
    assertTrue(over.isEmpty(), () -> subject + ": beyond " + bar + ": "
        + String.join("; ", over));
  }

  /** Fails unless at least one of {@code kinds} is within {@code bar}. */
  void assertOneWithin(double bar, String... kinds) {
    List<String> over = over(bar, kinds);
    assertTrue(over.size() < kinds.length, () -> subject + ": beyond " + bar + " for every "
        + "reference: " + String.join("; ", over));
  }

  private List<String> over(double bar, String... kinds) {
    List<String> over = new ArrayList<>();
    for (String kind : kinds) {
      double d = largest(kind);
      if (!(d <= bar)) {
        over.add(String.format(Locale.ROOT, "%s differ by %.3g relative (at %s)", kind, d,
            worst.get(kind).tensor()));
      }
    }
    return over;
  }

  /** One line per kind: the largest relative difference and where it occurred. */
  String report() {
    StringBuilder s = new StringBuilder(subject + ", largest relative difference:\n");
    worst.forEach((kind, w) -> s.append(String.format(Locale.ROOT, "  %-25s %.3g  (%s)%n", kind,
        w.difference(), w.tensor())));
    return s.toString();
  }
}
