package io.nabla.testing;

import static io.nabla.ops.NnOps.conv2dTranspose;
import static io.nabla.ops.NnOps.upsample2d;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import io.nabla.ops.Ops;
import io.nabla.ops.nn.Conv2dSpec;
import io.nabla.ops.nn.Upsampling;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decoder ops' gradients are themselves differentiable: their second order, checked. */
class DecoderSecondOrderTest {
  @Test
  void transposedConvolutionSecondOrderGradients() {
    Random r = new Random(3);
    Graph g = new Graph();
    Node x = g.placeholder("x", 1, 2, 3, 3);
    Node w = g.placeholder("w", 2, 2, 3, 3);
    Conv2dSpec spec = Conv2dSpec.defaults().withStride(2).withPadding(1);
    Node y = conv2dTranspose(x, w, null, spec, 1, 1);
    Node weights = g.constant(Tensor.fromFunction(y.shape(), i -> r.nextGaussian()));
    // a loss that is not linear in the weights, so its second derivative is not zero
    Node loss = Ops.sum(Ops.square(Ops.mul(y, weights)));
    var grads = Autodiff.gradients(loss, x, w);
    Tensor xv = Tensor.fromFunction(x.shape(), i -> r.nextGaussian());
    Tensor wv = Tensor.fromFunction(w.shape(), i -> r.nextGaussian());
    for (Node grad : grads) {
      GradientCheck.of(grad).wrt(x, xv).wrt(w, wv).seed(4).run().assertPassed();
    }
  }

  @Test
  void bilinearUpsamplingSecondOrderGradients() {
    Random r = new Random(6);
    Graph g = new Graph();
    Node x = g.placeholder("x", 1, 2, 3, 3);
    Node y = upsample2d(x, Upsampling.bilinear(1.5));
    Node loss = Ops.sum(Ops.square(Ops.mul(y, g.constant(Tensor.fromFunction(y.shape(),
        i -> r.nextGaussian())))));
    Node dx = Autodiff.gradients(loss, x).get(0);
    GradientCheck.of(dx).wrt(x, Tensor.fromFunction(x.shape(), i -> r.nextGaussian())).seed(7)
        .run().assertPassed();
  }
}
