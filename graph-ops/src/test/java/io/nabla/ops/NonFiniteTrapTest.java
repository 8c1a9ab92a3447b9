package io.nabla.ops;

import static io.nabla.ops.Ops.add;
import static io.nabla.ops.Ops.log;
import static io.nabla.ops.Ops.mul;
import static io.nabla.ops.Ops.sqrt;
import static io.nabla.ops.Ops.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nabla.core.autodiff.Autodiff;
import io.nabla.core.exec.GraphRunException;
import io.nabla.core.exec.RunOptions;
import io.nabla.core.exec.Session;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The non-finite trap stops at the first node that makes a NaN or an infinity, in the forward
 * pass and in the backward pass, where the forward values can all be finite.
 */
class NonFiniteTrapTest {
  private static final RunOptions TRAP = RunOptions.forTraining().trappingNonFinite();

  @Test
  void forwardStopsAtTheLogOfZeroNotAtLaterNodes() {
    Graph g = new Graph();
    Node x = g.placeholder("x", -1);
    Node y = mul(add(log(x), 1f), 2f);
    Session s = new Session(g);
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> s.run(Map.of(x, Tensor.vector(1, 0, 2)), TRAP, y));
    assertEquals("non-finite value -Infinity at element 1 of the output f32[3] of log 'log'"
        + " (inputs: 'x' f32[3]); input ranges: 'x' [0.0, 2.0]. The inputs are finite, so this"
        + " op made it: look for a log or square root of 0, a division by 0 or an overflow; a"
        + " lower learning rate, gradient clipping or an epsilon usually fixes it",
        e.getMessage());
  }

  @Test
  void backwardStopsAtTheGradientOfTheSquareRootAtZero() {
    Graph g = new Graph();
    Node w = g.variable("w", Tensor.vector(0, 1, 4));
    Node loss = sum(sqrt(w));
    Node dw = Autodiff.gradients(loss, w).get(0);
    Session s = new Session(g);
    assertEquals(3f, s.run(Map.of(), TRAP, loss).scalar(loss), "the forward pass is finite");
    GraphRunException e = assertThrows(GraphRunException.class,
        () -> s.run(Map.of(), TRAP, loss, dw));
    String m = e.getMessage();
    assertTrue(m.startsWith("non-finite value Infinity at element 0 of the output f32[3] of div"
        + " 'grad/sqrt/div' (inputs: "), m);
    assertTrue(m.contains("[in the gradient of sqrt 'sqrt']"), m);
    assertTrue(m.contains("input ranges: 'grad/sum/broadcast_like' [1.0, 1.0] 'grad/sqrt/mul'"
        + " [0.0, 4.0]. The inputs are finite, so this op made it"), m);
    // without the trap the infinity is simply returned
    assertEquals(Float.POSITIVE_INFINITY, s.run(Map.of(), dw).get(dw).get(0));
  }
}
