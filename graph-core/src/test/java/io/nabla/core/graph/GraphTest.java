package io.nabla.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.nabla.core.primitive.AddN;
import io.nabla.core.primitive.Identity;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GraphTest {
  private final Graph g = new Graph();

  @Test
  void sourcesHaveTheirKindShapeAndName() {
    Node x = g.placeholder("x", -1, 784);
    Node w = g.variable("w", Tensor.zeros(784, 10));
    Node c = g.constant("c", Tensor.vector(1, 2));
    assertEquals(NodeKind.PLACEHOLDER, x.kind());
    assertEquals(Shape.of(-1, 784), x.shape());
    assertEquals(NodeKind.VARIABLE, w.kind());
    assertEquals(Shape.of(784, 10), w.shape());
    assertEquals(NodeKind.CONSTANT, c.kind());
    assertEquals(Shape.of(2), c.shape());
    assertEquals(List.of("x", "w", "c"), names(g.nodes()));
    assertEquals(List.of(x), g.placeholders());
    assertEquals(List.of(w), g.variables());
  }

  @Test
  void autoNamesCountUpFromTheOpType() {
    Node x = g.placeholder("x", 2);
    Node a = g.apply(new AddN(), x, x);
    Node b = g.apply(new AddN(), x, x);
    Node c = g.apply(new AddN(), x, x);
    assertEquals("add_n", a.name());
    assertEquals("add_n_1", b.name());
    assertEquals("add_n_2", c.name());
  }

  @Test
  void anonymousConstantsAreNamedConst() {
    assertEquals("const", g.constant(1f).name());
    assertEquals("const_1", g.constant(Tensor.vector(1, 2)).name());
  }

  @Test
  void autoNamesSkipNamesTakenExplicitly() {
    Node x = g.placeholder("x", 2);
    g.apply("identity", new Identity(), x);
    g.apply("identity_1", new Identity(), x);
    assertEquals("identity_2", g.apply(new Identity(), x).name());
  }

  @Test
  void applyAsUsesTheBaseNameThenNumbersIt() {
    Node x = g.placeholder("x", 2);
    assertEquals("h", g.applyAs("h", new Identity(), List.of(x)).name());
    assertEquals("h_1", g.applyAs("h", new Identity(), List.of(x)).name());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> g.applyAs("bad name", new Identity(), List.of(x)));
    assertEquals("'bad name' is not a valid name: use letters, digits, '_', '-', '.' and '/'"
        + " between parts", e.getMessage());
  }

  @Test
  void scopesPrefixNamesAndNest() {
    Node x = g.placeholder("x", 2);
    Node w;
    Node h;
    Node inner;
    try (Scope s = g.scope("fc1")) {
      w = g.variable("w", Tensor.zeros(2));
      h = g.apply(new Identity(), x);
      try (Scope t = g.scope("act")) {
        inner = g.apply(new Identity(), h);
      }
      Node after = g.apply(new Identity(), h);
      assertEquals("fc1/identity_1", after.name());
    }
    Node top = g.apply(new Identity(), x);
    assertEquals("fc1/w", w.name());
    assertEquals("fc1/identity", h.name());
    assertEquals("fc1/act/identity", inner.name());
    assertEquals("identity", top.name());
    assertEquals("fc1", w.scope());
    assertEquals("fc1/act", inner.scope());
    assertEquals("", top.scope());
  }

  @Test
  void theSameNameMayBeUsedInDifferentScopes() {
    Node w1;
    Node w2;
    try (Scope s = g.scope("fc1")) {
      w1 = g.variable("w", Tensor.zeros(2));
    }
    try (Scope s = g.scope("fc2")) {
      w2 = g.variable("w", Tensor.zeros(2));
    }
    assertSame(w1, g.node("fc1/w"));
    assertSame(w2, g.node("fc2/w"));
  }

  @Test
  void aScopeIsClosedEvenWhenBuildingFails() {
    Node x = g.placeholder("x", 2);
    Node y = g.placeholder("y", 3);
    assertThrows(ShapeException.class, () -> {
      try (Scope s = g.scope("fc1")) {
        g.apply(new AddN(), x, y);
      }
    });
    assertEquals("identity", g.apply(new Identity(), x).name());
  }

  @Test
  void anExplicitDuplicateNameIsRefusedNamingTheNodeThatHasIt() {
    g.placeholder("x", -1, 784);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> g.variable("x", Tensor.zeros(2)));
    assertEquals("name 'x' is already taken by placeholder 'x'; choose another name or open a"
        + " scope", e.getMessage());
    assertEquals(1, g.size());
  }

  @Test
  void aDuplicateInsideAScopeIsReportedWithItsFullName() {
    Node x = g.placeholder("x", 2);
    try (Scope s = g.scope("fc1")) {
      g.apply("h", new Identity(), x);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> g.apply("h", new AddN(), x, x));
      assertEquals("name 'fc1/h' is already taken by identity 'fc1/h'; choose another name or"
          + " open a scope", e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "/x", "x/", "a//b", "ä", "x:0", "grad\\w"})
  void invalidNamesAreRefused(String name) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> g.placeholder(name, 2));
    assertEquals("'" + name + "' is not a valid name: use letters, digits, '_', '-', '.' and '/'"
        + " between parts", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> g.scope(name));
    assertEquals(0, g.size());
  }

  @Test
  void aNullNameIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> g.placeholder(null, 2));
    assertEquals("'null' is not a valid name: use letters, digits, '_', '-', '.' and '/'"
        + " between parts", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"x", "fc1/w", "a.b-c_d", "conv1/bn/gamma", "0"})
  void validNamesAreAccepted(String name) {
    assertEquals(name, g.placeholder(name, 2).name());
  }

  @Test
  void nodeFindsByFullName() {
    Node w;
    try (Scope s = g.scope("fc1")) {
      w = g.variable("w", Tensor.zeros(2));
    }
    assertSame(w, g.node("fc1/w"));
    assertEquals(Optional.of(w), g.find("fc1/w"));
    assertEquals(Optional.empty(), g.find("w"));
  }

  @Test
  void anUnknownNameListsSimilarNames() {
    for (String scope : List.of("fc1", "fc2")) {
      try (Scope s = g.scope(scope)) {
        g.variable("w", Tensor.zeros(2));
        g.variable("b", Tensor.zeros(2));
      }
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> g.node("w"));
    assertEquals("no node is called 'w'; similar names: fc1/w, fc2/w", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> g.node("fc3/b"));
    assertEquals("no node is called 'fc3/b'; similar names: fc1/b, fc2/b", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> g.node("fc1"));
    assertEquals("no node is called 'fc1'; similar names: fc1/b, fc1/w", e.getMessage());
  }

  @Test
  void anUnknownNameWithNothingAlikeSaysSo() {
    g.placeholder("x", 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> g.node("labels"));
    assertEquals("no node is called 'labels'", e.getMessage());
  }

  @Test
  void nodesOfAnotherGraphAreRefused() {
    Graph other = new Graph();
    Node foreign = other.placeholder("x", 2);
    Node mine = g.placeholder("y", 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> g.apply(new AddN(), mine, foreign));
    assertEquals("node 'x' belongs to another graph; nodes of different graphs cannot be"
        + " combined", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> g.checkOwned(foreign));
    assertThrows(IllegalArgumentException.class, () -> g.gradientScope(foreign));
    assertEquals(1, g.size());
  }

  @Test
  void aNullInputIsRefused() {
    Node x = g.placeholder("x", 2);
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> g.apply(new AddN(), x, null));
    assertEquals("add_n 'add_n': an input is null", e.getMessage());
  }

  @Test
  void creationOrderIsTopological() {
    Node x = g.placeholder("x", 2);
    Node a = g.apply(new Identity(), x);
    Node w = g.variable("w", Tensor.zeros(2));
    Node b = g.apply(new AddN(), a, w);
    Node c = g.apply(new AddN(), b, x, a);
    List<Node> nodes = g.nodes();
    assertEquals(List.of(x, a, w, b, c), nodes);
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      assertEquals(i, n.id());
      for (Node in : n.inputs()) {
        assertTrue(in.id() < n.id(), in + " must come before " + n);
      }
    }
    assertEquals(5, g.size());
    assertEquals("Graph(5 nodes)", g.toString());
  }

  @Test
  void nodesIsASnapshot() {
    g.placeholder("x", 2);
    List<Node> before = g.nodes();
    g.placeholder("y", 2);
    assertEquals(1, before.size());
    assertThrows(UnsupportedOperationException.class, () -> before.add(null));
  }

  @Test
  void aShapeErrorIsRethrownWithTheOpTheNodeAndTheInputs() {
    Node a = g.placeholder("a", -1, 2);
    Node b = g.placeholder("b", 3, 3);
    ShapeException e = assertThrows(ShapeException.class, () -> g.apply(new AddN(), a, b));
    assertEquals("add_n 'add_n': input 1 is f32[3,3] but input 0 is f32[?,2]; all inputs must"
        + " have one shape (inputs: 'a' f32[?,2], 'b' f32[3,3])", e.getMessage());
  }

  @Test
  void aShapeErrorUsesTheExplicitScopedName() {
    Node a = g.placeholder("a", 2);
    try (Scope s = g.scope("fc2")) {
      ShapeException e = assertThrows(ShapeException.class,
          () -> g.apply("sum", new AddN(), a, a, g.constant(1f)));
      assertEquals("add_n 'fc2/sum': input 2 is f32[] but input 0 is f32[2]; all inputs must"
          + " have one shape (inputs: 'a' f32[2], 'a' f32[2], 'fc2/const' f32[])",
          e.getMessage());
    }
  }

  @Test
  void aFailedNodeTakesNoNameAndIsNotAdded() {
    Node a = g.placeholder("a", 2);
    Node b = g.placeholder("b", 3);
    assertThrows(ShapeException.class, () -> g.apply(new AddN(), a, b));
    assertEquals(2, g.size());
    assertEquals("add_n", g.apply(new AddN(), a, a).name());
  }

  @Test
  void aShapeErrorInAGradientScopeNamesTheForwardNode() {
    Node a = g.placeholder("a", 2);
    Node b = g.placeholder("b", 3);
    Node h = g.apply("h", new Identity(), a);
    try (Scope s = g.gradientScope(h)) {
      ShapeException e = assertThrows(ShapeException.class, () -> g.apply(new AddN(), a, b));
      assertEquals("add_n 'grad/add_n': input 1 is f32[3] but input 0 is f32[2]; all inputs"
          + " must have one shape (inputs: 'a' f32[2], 'b' f32[3]) [in the gradient of"
          + " identity 'h']", e.getMessage());
    }
  }

  @Test
  void gradientScopeNamesNodesUnderGradAndRemembersTheForwardNode() {
    Node x = g.placeholder("x", 2);
    Node h;
    try (Scope s = g.scope("fc1")) {
      h = g.apply(new Identity(), x);
    }
    Node inGrad;
    Node nested;
    try (Scope s = g.scope("outer"); Scope t = g.gradientScope(h)) {
      inGrad = g.apply(new Identity(), x);
      try (Scope u = g.scope("fc1/identity")) {
        nested = g.apply(new Identity(), x);
      }
    }
    assertEquals("grad/identity", inGrad.name());
    assertEquals(Optional.of(h), inGrad.gradientOf());
    assertEquals("grad/fc1/identity/identity", nested.name());
    assertEquals(Optional.of(h), nested.gradientOf());
    Node after = g.apply(new Identity(), x);
    assertEquals(Optional.empty(), after.gradientOf());
    assertEquals(Optional.empty(), h.gradientOf());
  }

  @Test
  void aNullShapeFromTheRuleIsRefused() {
    Op op = mock(Op.class);
    when(op.type()).thenReturn("custom");
    when(op.outputShape(anyList())).thenReturn(null);
    Node x = g.placeholder("x", 2);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> g.apply(op, x));
    assertEquals("custom 'custom': the shape rule returned null", e.getMessage());
  }

  @Test
  void theShapeRuleSeesTheInputShapesInOrder() {
    Op op = mock(Op.class);
    when(op.type()).thenReturn("custom");
    when(op.outputShape(List.of(Shape.of(-1, 2), Shape.scalar()))).thenReturn(Shape.of(7));
    Node x = g.placeholder("x", -1, 2);
    Node n = g.apply(op, x, g.constant(0f));
    assertEquals(Shape.of(7), n.shape());
    assertEquals(NodeKind.OPERATION, n.kind());
    assertSame(op, n.op());
  }

  private static List<String> names(List<Node> nodes) {
    return nodes.stream().map(Node::name).toList();
  }

  @Test
  void closingAScopeTwiceDoesNothingAndOutOfOrderIsRefused() {
    Graph g = new Graph();
    io.nabla.core.graph.Scope outer = g.scope("outer");
    io.nabla.core.graph.Scope inner = g.scope("inner");
    inner.close();
    inner.close();
    org.junit.jupiter.api.Assertions.assertEquals("outer/x",
        g.placeholder("x", 1).name(), "the second close did not pop 'outer'");
    io.nabla.core.graph.Scope again = g.scope("again");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, outer::close);
    again.close();
    outer.close();
    org.junit.jupiter.api.Assertions.assertEquals("y", g.placeholder("y", 1).name());
  }
}
