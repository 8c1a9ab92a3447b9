package io.nabla.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.tensor.Tensor;
import io.nabla.nn.data.Batch;
import io.nabla.nn.data.Dataset;
import io.nabla.nn.data.Generated;
import io.nabla.nn.model.Mlp;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Parameter;
import io.nabla.nn.optim.Adam;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@value #STEPS} steps of {@link Trainer} with {@link Adam} on a ReLU network (2-16-16-2, mean
 * softmax cross-entropy) against the same training written out here in float64: forward,
 * back-propagation and Adam's formulas ({@code m = β1·m + (1 − β1)·g}, {@code v = β2·v + (1 −
 * β2)·g²}, {@code p −= lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε)}). Every step's loss and
 * the final weights must agree within {@value #TOLERANCE} ({@code max|a − b| / max|b|}).
 */
class AdamReluNetTest {
  static final int STEPS = 20;
  static final double LEARNING_RATE = 0.01;
  static final double TOLERANCE = 1e-6;
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  @Test
  void twentyAdamStepsOnAReluNetAgreeWithFloat64() {
    Dataset data = Generated.moons(64, 0.1, 5);
    Model model = Mlp.inputs(2).hidden(16).hidden(16).activation("relu").classes(2).build(3);
    List<Parameter> params = model.parameters();
    assertEquals(6, params.size(), "three dense layers, each a weight and a bias");
    double[][] p = new double[params.size()][];
    for (int k = 0; k < params.size(); k++) {
      assertTrue(params.get(k).name().endsWith(k % 2 == 0 ? "/weight" : "/bias"),
          () -> "weights and biases alternate: " + params);
      p[k] = toDouble(model.session().value(params.get(k).variable()));
    }
    int[] widths = {2, 16, 16, 2};
    Reference reference = new Reference(widths, p);

    Trainer trainer = Trainer.builder(model, new Adam(LEARNING_RATE)).seed(1).build();
    List<Batch> batches = data.batches(16, null);
    double worstLoss = 0;
    for (int s = 0; s < STEPS; s++) {
      Batch b = batches.get(s % batches.size());
      double loss = trainer.step(b);
      double expected = reference.step(b.x(), b.y(), s + 1);
      worstLoss = Math.max(worstLoss, Math.abs(loss - expected) / Math.abs(expected));
    }
    double worstWeight = 0;
    String worstName = null;
    for (int k = 0; k < params.size(); k++) {
      Tensor trained = model.session().value(params.get(k).variable());
      double error = 0;
      double scale = Double.MIN_NORMAL;
      for (int i = 0; i < trained.size(); i++) {
        error = Math.max(error, Math.abs(trained.get(i) - p[k][i]));
        scale = Math.max(scale, Math.abs(p[k][i]));
      }
      if (error / scale > worstWeight) {
        worstWeight = error / scale;
        worstName = params.get(k).name();
      }
    }
    System.out.printf("Adam on a ReLU net vs float64: loss curve %.3g, final weights %.3g (%s)%n",
        worstLoss, worstWeight, worstName);
    assertTrue(worstLoss <= TOLERANCE, "loss curve differs by " + worstLoss);
    assertTrue(worstWeight <= TOLERANCE, "final weights differ by " + worstWeight + " at "
        + worstName);
  }

  private static double[] toDouble(Tensor t) {
    double[] d = new double[t.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = t.get(i);
    }
    return d;
  }

  /**
   * The network in float64: parameter 2l is layer l's weight {@code [in, out]} (z = h·W + b),
   * 2l + 1 its bias; ReLU after every layer but the last.
   */
  private static final class Reference {
    private final int[] widths;
    private final double[][] p;
    private final double[][] m;
    private final double[][] v;

    Reference(int[] widths, double[][] p) {
      this.widths = widths;
      this.p = p;
      this.m = new double[p.length][];
      this.v = new double[p.length][];
      for (int k = 0; k < p.length; k++) {
        m[k] = new double[p[k].length];
        v[k] = new double[p[k].length];
      }
    }

    /** One Adam step on the batch; returns the loss before the update. */
    double step(Tensor x, Tensor y, int t) {
      int n = x.shape().dim(0);
      int layers = widths.length - 1;
      double[][] h = new double[layers + 1][];
      h[0] = new double[n * widths[0]];
      for (int i = 0; i < h[0].length; i++) {
        h[0][i] = x.get(i);
      }
      for (int l = 0; l < layers; l++) {
        int in = widths[l];
        int out = widths[l + 1];
        double[] w = p[2 * l];
        double[] b = p[2 * l + 1];
        h[l + 1] = new double[n * out];
        for (int r = 0; r < n; r++) {
          for (int j = 0; j < out; j++) {
            double z = b[j];
            for (int i = 0; i < in; i++) {
              z += h[l][r * in + i] * w[i * out + j];
            }
            h[l + 1][r * out + j] = l < layers - 1 ? Math.max(z, 0) : z;
          }
        }
      }
      // mean softmax cross-entropy and its gradient with respect to the logits
      int classes = widths[layers];
      double loss = 0;
      double[] dz = new double[n * classes];
      for (int r = 0; r < n; r++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
          max = Math.max(max, h[layers][r * classes + j]);
        }
        double sum = 0;
        for (int j = 0; j < classes; j++) {
          sum += Math.exp(h[layers][r * classes + j] - max);
        }
        int label = (int) y.get(r);
        loss += (Math.log(sum) + max - h[layers][r * classes + label]) / n;
        for (int j = 0; j < classes; j++) {
          double softmax = Math.exp(h[layers][r * classes + j] - max) / sum;
          dz[r * classes + j] = (softmax - (j == label ? 1 : 0)) / n;
        }
      }
      double[][] grads = new double[p.length][];
      for (int l = layers - 1; l >= 0; l--) {
        int in = widths[l];
        int out = widths[l + 1];
        double[] w = p[2 * l];
        double[] dw = new double[in * out];
        double[] db = new double[out];
        double[] dh = new double[n * in];
        for (int r = 0; r < n; r++) {
          for (int j = 0; j < out; j++) {
            double d = dz[r * out + j];
            db[j] += d;
            for (int i = 0; i < in; i++) {
              dw[i * out + j] += h[l][r * in + i] * d;
              dh[r * in + i] += w[i * out + j] * d;
            }
          }
        }
        grads[2 * l] = dw;
        grads[2 * l + 1] = db;
        if (l > 0) { // through the ReLU that produced h[l]
          for (int i = 0; i < dh.length; i++) {
            dh[i] = h[l][i] > 0 ? dh[i] : 0;
          }
        }
        dz = dh;
      }
      for (int k = 0; k < p.length; k++) {
        for (int i = 0; i < p[k].length; i++) {
          double g = grads[k][i];
          m[k][i] = BETA1 * m[k][i] + (1 - BETA1) * g;
          v[k][i] = BETA2 * v[k][i] + (1 - BETA2) * g * g;
          double mHat = m[k][i] / (1 - Math.pow(BETA1, t));
          double vHat = v[k][i] / (1 - Math.pow(BETA2, t));
          p[k][i] -= LEARNING_RATE * mHat / (Math.sqrt(vHat) + EPSILON);
        }
      }
      return loss;
    }
  }
}
