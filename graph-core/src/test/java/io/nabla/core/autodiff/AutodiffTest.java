package io.nabla.core.autodiff;

import static io.nabla.core.primitive.Primitives.addN;
import static io.nabla.core.primitive.Primitives.broadcastLike;
import static io.nabla.core.primitive.Primitives.identity;
import static io.nabla.core.primitive.Primitives.stopGradient;
import static io.nabla.core.primitive.Primitives.sumLike;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.nabla.core.exec.Session;
import io.nabla.core.graph.GradContext;
import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Op;
import io.nabla.core.primitive.AddN;
import io.nabla.core.primitive.BroadcastLike;
import io.nabla.core.primitive.FillLike;
import io.nabla.core.primitive.Identity;
import io.nabla.core.primitive.SumLike;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AutodiffTest {
  private final Graph g = new Graph();
  private final Node x = g.variable("x", Tensor.vector(1, 2, 3));
  private final Node zero = g.constant("zero", Tensor.scalar(0f));

  /** sum of all elements of {@code n}, as a scalar node. */
  private Node sum(Node n) {
    return sumLike(n, zero);
  }

  private Tensor eval(Node n) {
    return eval(n, Map.of());
  }

  private Tensor eval(Node n, Map<Node, Tensor> feeds) {
    return new Session(g).run(feeds, n).get(n);
  }

  private List<String> namesAddedBy(Runnable r) {
    int before = g.size();
    r.run();
    return g.nodes().subList(before, g.size()).stream().map(Node::name).toList();
  }

  @Test
  void fanOutIsSummed() {
    Node loss = g.apply("loss", new SumLike(), addN(x, x, x), zero);
    Node dx = Autodiff.gradients(loss, x).get(0);
    assertEquals(Tensor.vector(3, 3, 3), eval(dx));
    assertEquals("grad/x", dx.name());
    assertInstanceOf(AddN.class, dx.op());
    assertEquals(3, dx.inputs().size());
  }

  @Test
  void aNodeUsedByTwoConsumersGetsBothContributions() {
    Node q = g.placeholder("q", 2, 3);
    Node h = g.apply("h", new Identity(), x);
    Node a = identity(h);
    Node b = broadcastLike(h, q);
    Node loss = addN(sum(a), sum(b));
    Node dx = Autodiff.gradients(loss, x).get(0);
    // d/dx [sum(x) + sum over 2 rows of x] = 1 + 2
    assertEquals(Tensor.vector(3, 3, 3), eval(dx, Map.of(q, Tensor.zeros(2, 3))));
    Node dh = g.node("grad/h");
    assertInstanceOf(AddN.class, dh.op());
    assertEquals(2, dh.inputs().size());
    assertEquals(Optional.of(h), dh.gradientOf());
  }

  @Test
  void stopGradientBlocksTheGradient() {
    Node loss = sum(stopGradient(x));
    Node dx = Autodiff.gradients(loss, x).get(0);
    assertEquals(Tensor.zeros(3), eval(dx));
    assertEquals("grad/x/zeros", dx.name());
  }

  @Test
  void stopGradientBlocksOnlyItsOwnPath() {
    Node loss = addN(sum(x), sum(stopGradient(x)), sum(addN(x, x)));
    assertEquals(Tensor.vector(3, 3, 3), eval(Autodiff.gradients(loss, x).get(0)));
  }

  @Test
  void anUnrelatedVariableGetsZerosOfItsShape() {
    Node z = g.variable("z", Tensor.filled(Shape.of(2, 2), 5f));
    Node loss = sum(x);
    List<Node> grads = Autodiff.gradients(loss, x, z);
    assertEquals(Tensor.vector(1, 1, 1), eval(grads.get(0)));
    assertEquals(Tensor.zeros(2, 2), eval(grads.get(1)));
    assertEquals("grad/z/zeros", grads.get(1).name());
    assertEquals(Shape.of(2, 2), grads.get(1).shape());
  }

  @Test
  void aNodeCreatedAfterTheLossGetsZeros() {
    Node loss = sum(x);
    Node later = identity(x);
    assertEquals(Tensor.zeros(3), eval(Autodiff.gradients(loss, later).get(0)));
  }

  @Test
  void aBroadcastInputReceivesTheGradientSummedBack() {
    Node q = g.placeholder("q", 2, 3);
    Node loss = sum(broadcastLike(x, q));
    Node dx = Autodiff.gradients(loss, x).get(0);
    assertEquals(Shape.of(3), dx.shape());
    assertEquals(Tensor.vector(2, 2, 2), eval(dx, Map.of(q, Tensor.zeros(2, 3))));
  }

  @Test
  void aGradientAtTheOutputShapeIsSummedBackToTheInputShape() {
    Node in = g.placeholder("in", -1, 3);
    Node y = g.apply("y", new BroadcastAdd(), in, x);
    Node loss = sum(y);
    List<Node> grads = Autodiff.gradients(loss, in, x);
    Node reduce = g.node("grad/y/sum_like");
    assertInstanceOf(SumLike.class, reduce.op());
    assertEquals(Optional.of(y), reduce.gradientOf());
    Tensor batch = Tensor.zeros(4, 3);
    assertEquals(Tensor.filled(Shape.of(4, 3), 1f), eval(grads.get(0), Map.of(in, batch)));
    assertEquals(Tensor.vector(4, 4, 4), eval(grads.get(1), Map.of(in, batch)));
    // the batch size is read at run time
    assertEquals(Tensor.vector(2, 2, 2), eval(grads.get(1), Map.of(in, Tensor.zeros(2, 3))));
  }

  @Test
  void theGradientOfARequestedVariableIsNamedGradSlashName() {
    Node w;
    try (var s = g.scope("fc1")) {
      w = g.variable("w", Tensor.zeros(3));
    }
    Node loss = sum(addN(x, w));
    List<Node> grads = Autodiff.gradients(loss, x, w);
    assertEquals("grad/x", grads.get(0).name());
    assertEquals("grad/fc1/w", grads.get(1).name());
    assertSame(grads.get(1), g.node("grad/fc1/w"));
    assertEquals(Optional.of(w), grads.get(1).gradientOf());
  }

  @Test
  void theGradientOfARequestedOperationIsNamedGradSlashName() {
    Node h = g.apply("h", new Identity(), x);
    Node loss = g.apply("loss", new SumLike(), addN(h, h), zero);
    List<Node> grads = Autodiff.gradients(loss, h, loss);
    assertEquals("grad/h", grads.get(0).name());
    assertEquals("grad/loss", grads.get(1).name());
    assertEquals(Tensor.vector(2, 2, 2), eval(grads.get(0)));
    assertEquals(Tensor.scalar(1f), eval(grads.get(1)));
    assertEquals(List.of(), g.nodes().stream().map(Node::name)
        .filter(n -> n.startsWith("grad/h_") || n.startsWith("grad/loss_")).toList());
  }

  @Test
  void callingGradientsTwiceGivesUniqueNames() {
    Node loss = g.apply("loss", new SumLike(), x, zero);
    Node first = Autodiff.gradients(loss, x).get(0);
    Node second = Autodiff.gradients(loss, x).get(0);
    assertEquals("grad/x", first.name());
    assertEquals("grad/x_1", second.name());
    assertEquals(Tensor.vector(1, 1, 1), eval(second));
    assertEquals("grad/loss/seed_1", g.nodes().stream().map(Node::name)
        .filter(n -> n.startsWith("grad/loss/seed")).reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void theSeedIsOnesLikeTheLoss() {
    Node loss = g.apply("loss", new SumLike(), x, zero);
    Autodiff.gradients(loss, x);
    Node seed = g.node("grad/loss/seed");
    assertEquals(1f, ((FillLike) seed.op()).value());
    assertEquals(List.of(loss), seed.inputs());
    assertEquals(Optional.of(loss), seed.gradientOf());
  }

  @Test
  void aRequestedNodeListedTwiceGetsOneGradientNode() {
    Node loss = sum(x);
    List<Node> grads = Autodiff.gradients(loss, x, x);
    assertSame(grads.get(0), grads.get(1));
  }

  @Test
  void onlyNodesBetweenTheLossAndTheRequestedNodesAreVisited() {
    Node z = g.variable("z", Tensor.vector(4, 5, 6));
    Node q = g.placeholder("q", 2, 3);
    Node u = g.apply("u", new BroadcastLike(), z, q);
    Node s1 = g.apply("s1", new SumLike(), u, zero);
    Node ix = g.apply("ix", new Identity(), x);
    Node s2 = g.apply("s2", new SumLike(), ix, zero);
    Node loss = g.apply("loss", new AddN(), s1, s2);
    Node[] dx = new Node[1];
    List<String> added = namesAddedBy(() -> dx[0] = Autodiff.gradients(loss, x).get(0));
    assertEquals(List.of("grad/loss/seed", "grad/s2/broadcast_like", "grad/x"), added);
    assertEquals(Tensor.vector(1, 1, 1), eval(dx[0], Map.of(q, Tensor.zeros(2, 3))));
  }

  @Test
  void aNonScalarOutputWithoutASeedIsRefused() {
    Node q = g.placeholder("q", 2, 3);
    Node y = g.apply("y", new BroadcastLike(), x, q);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Autodiff.gradients(y, x));
    assertEquals("gradients of broadcast_like 'y': the output is f32[2,3], not a scalar; pass"
        + " an explicit seed (the gradient with respect to the output) or reduce it to a scalar"
        + " first", e.getMessage());
  }

  @Test
  void anOutputOfUnknownSizeWithoutASeedIsRefusedClearly() {
    Node in = g.placeholder("in", -1);
    Node y = g.apply("y", new Identity(), in);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Autodiff.gradients(y, in));
    assertEquals("gradients of identity 'y': the output is f32[?], not a scalar; pass an"
        + " explicit seed (the gradient with respect to the output) or reduce it to a scalar"
        + " first", e.getMessage());
  }

  @Test
  void aSingleElementOutputNeedsNoSeed() {
    Node one = g.constant("one", Tensor.zeros(1));
    Node loss = g.apply("loss", new SumLike(), x, one);
    assertEquals(Shape.of(1), loss.shape());
    assertEquals(Tensor.vector(1, 1, 1), eval(Autodiff.gradients(loss, x).get(0)));
  }

  @Test
  void anExplicitSeedGivesTheVectorJacobianProduct() {
    Node q = g.placeholder("q", 2, 3);
    Node y = g.apply("y", new BroadcastLike(), x, q);
    Node seed = g.placeholder("seed", 2, 3);
    Node dx = Autodiff.gradients(y, seed, List.of(x)).get(0);
    Tensor s = Tensor.of(new float[] {1, 2, 3, 10, 20, 30}, 2, 3);
    assertEquals(Tensor.vector(11, 22, 33), eval(dx, Map.of(q, Tensor.zeros(2, 3), seed, s)));
  }

  @Test
  void aSeedOfAnotherShapeIsRefused() {
    Node q = g.placeholder("q", 2, 3);
    Node y = g.apply("y", new BroadcastLike(), x, q);
    Node wrong = g.placeholder("wrong", 3, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Autodiff.gradients(y, wrong, List.of(x)));
    assertEquals("gradients of broadcast_like 'y': the seed f32[3,2] must have the output's"
        + " shape f32[2,3]", e.getMessage());
    Node stretched = g.placeholder("stretched", 4, 2, 3);
    assertThrows(IllegalArgumentException.class,
        () -> Autodiff.gradients(y, stretched, List.of(x)));
    Node one = g.placeholder("one", 1, 3);
    assertThrows(IllegalArgumentException.class, () -> Autodiff.gradients(y, one, List.of(x)));
  }

  @Test
  void aSeedWithUnknownDimensionsFitsAnOutputWithThem() {
    Node in = g.placeholder("in", -1, 3);
    Node y = g.apply("y", new Identity(), in);
    Node seed = g.placeholder("seed", -1, 3);
    Node din = Autodiff.gradients(y, seed, List.of(in)).get(0);
    Tensor s = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertEquals(s, eval(din, Map.of(in, Tensor.zeros(2, 3), seed, s)));
  }

  @Test
  void nothingToDifferentiateByIsRefused() {
    Node loss = g.apply("loss", new SumLike(), x, zero);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Autodiff.gradients(loss, List.of()));
    assertEquals("gradients of sum_like 'loss': no nodes to differentiate by", e.getMessage());
  }

  @Test
  void nodesOfAnotherGraphAreRefused() {
    Node loss = sum(x);
    Node foreign = new Graph().variable("w", Tensor.zeros(3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Autodiff.gradients(loss, foreign));
    assertEquals("node 'w' belongs to another graph; nodes of different graphs cannot be"
        + " combined", e.getMessage());
  }

  @Test
  void secondOrderThroughBroadcastLikeAndSumLike() {
    Node p = g.constant("p", Tensor.zeros(2, 3));
    Node y = g.apply("y", new BroadcastLike(), x, p);
    Node v = g.variable("v", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
    // first order: the gradient of broadcast_like is sum_like of the seed
    Node gx = Autodiff.gradients(y, v, List.of(x)).get(0);
    assertEquals(Tensor.vector(5, 7, 9), eval(gx));
    // second order: the gradient of that sum_like is broadcast_like of its seed
    Node w = g.variable("w", Tensor.vector(1, 10, 100));
    Node gv = Autodiff.gradients(gx, w, List.of(v)).get(0);
    assertEquals(Tensor.of(new float[] {1, 10, 100, 1, 10, 100}, 2, 3), eval(gv));
    // and once more: back to a sum
    Node gw = Autodiff.gradients(gv, v, List.of(w)).get(0);
    assertEquals(Tensor.vector(5, 7, 9), eval(gw));
    // a scalar function of the first-order gradient
    Node gv1 = Autodiff.gradients(sum(gx), v).get(0);
    assertEquals(Tensor.filled(Shape.of(2, 3), 1f), eval(gv1));
  }

  // ---- ops whose gradient breaks the contract ----

  private Op customOp(boolean... differentiable) {
    Op op = mock(Op.class);
    when(op.type()).thenReturn("custom");
    when(op.outputShape(anyList())).thenReturn(Shape.of(3));
    when(op.isDifferentiable(anyInt()))
        .thenAnswer(inv -> differentiable[(Integer) inv.getArgument(0)]);
    return op;
  }

  @Test
  void aGradientWithTheWrongNumberOfEntriesIsRefused() {
    Op op = customOp(true, true);
    Node w = g.variable("w", Tensor.zeros(3));
    Node c = g.apply("c", op, x, w);
    when(op.gradient(any(GradContext.class))).thenAnswer(inv -> {
      GradContext ctx = inv.getArgument(0);
      return List.of(ctx.upstream());
    });
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Autodiff.gradients(sum(c), x, w));
    assertEquals("custom 'c': its gradient gave 1 entries for 2 inputs; give one per input"
        + " (null for an input that is not differentiable)", e.getMessage());
  }

  @Test
  void aNullGradientListIsRefused() {
    Op op = customOp(true);
    Node c = g.apply("c", op, x);
    when(op.gradient(any(GradContext.class))).thenReturn(null);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Autodiff.gradients(sum(c), x));
    assertEquals("custom 'c': its gradient gave no entries for 1 inputs; give one per input"
        + " (null for an input that is not differentiable)", e.getMessage());
  }

  @Test
  void aGradientForANonDifferentiableInputIsRefused() {
    Op op = customOp(true, false);
    Node w = g.variable("w", Tensor.zeros(3));
    Node c = g.apply("c", op, x, w);
    when(op.gradient(any(GradContext.class))).thenAnswer(inv -> {
      GradContext ctx = inv.getArgument(0);
      return List.of(ctx.upstream(), ctx.upstream());
    });
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Autodiff.gradients(sum(c), x, w));
    assertEquals("custom 'c': input 1 is declared not differentiable but the gradient returned"
        + " a node for it", e.getMessage());
  }

  @Test
  void aMissingGradientForADifferentiableInputIsRefused() {
    Op op = customOp(true, true);
    Node w = g.variable("w", Tensor.zeros(3));
    Node c = g.apply("c", op, w, x);
    when(op.gradient(any(GradContext.class))).thenAnswer(inv -> {
      GradContext ctx = inv.getArgument(0);
      return Arrays.asList(ctx.upstream(), null);
    });
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Autodiff.gradients(sum(c), x));
    assertEquals("custom 'c': its gradient gave nothing for input 1 ('x'); return a gradient or"
        + " declare the input not differentiable", e.getMessage());
  }

  @Test
  void aMissingGradientForAnInputOffThePathIsFine() {
    Op op = customOp(true, true);
    Node w = g.variable("w", Tensor.zeros(3));
    Node c = g.apply("c", op, x, w);
    when(op.gradient(any(GradContext.class))).thenAnswer(inv -> {
      GradContext ctx = inv.getArgument(0);
      return Arrays.asList(ctx.upstream(), null);
    });
    Node dx = Autodiff.gradients(sum(c), x).get(0);
    assertEquals("grad/x", dx.name());
  }

  @Test
  void theGradientBuilderSeesTheForwardNodeAndItsNodesAreNamedUnderIt() {
    Op op = customOp(true);
    Node c = g.apply("c", op, x);
    Node[] built = new Node[1];
    when(op.gradient(any(GradContext.class))).thenAnswer(inv -> {
      GradContext ctx = inv.getArgument(0);
      assertSame(c, ctx.node());
      assertSame(x, ctx.input(0));
      assertSame(g, ctx.graph());
      built[0] = ctx.onesLike(ctx.upstream());
      ctx.constant(2f);
      ctx.zerosLike(ctx.upstream());
      return List.of(built[0]);
    });
    Node loss = sum(c);
    List<String> added = namesAddedBy(() -> Autodiff.gradients(loss, x));
    assertEquals(List.of("grad/sum_like/seed", "grad/sum_like/broadcast_like",
        "grad/c/ones_like", "grad/c/const", "grad/c/zeros_like", "grad/x"), added);
    assertEquals(Optional.of(c), built[0].gradientOf());
  }
}
