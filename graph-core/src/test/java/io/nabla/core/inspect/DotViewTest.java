package io.nabla.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.Scope;
import io.nabla.core.inspect.SampleGraph.FakeOp;
import io.nabla.core.primitive.Identity;
import io.nabla.core.primitive.Primitives;
import io.nabla.core.tensor.Shape;
import io.nabla.core.tensor.Tensor;
import java.io.File;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotViewTest {
  private static final Pattern DECLARED = Pattern.compile("^\\s*([nbx]\\d+) \\[");
  private static final Pattern EDGE =
      Pattern.compile("^\\s*([nbx]\\d+) -> ([nbx]\\d+)(?: \\[label=\"(.*)\"\\])?;$");

  private final SampleGraph s = new SampleGraph();

  @Test
  void fullViewIsTheFullDump() {
    assertEquals(Dot.of(s.graph), Dot.of(s.graph, DotView.full()));
    assertEquals(Dot.ancestorsOf(s.loss), Dot.ancestorsOf(List.of(s.loss), DotView.full()));
    assertEquals(Dot.of(s.graph),
        Dot.of(s.graph, DotView.full().layerKinds(Map.of("fc1", "Dense"))));
  }

  @Test
  void forwardOnlyDropsTheGradientNodes() {
    String dot = Dot.of(s.graph, DotView.full().forwardOnly());

    assertEquals(ids(s.x, s.w, s.shift, s.sum, s.mean, s.twice, s.c, s.loss, s.transposed),
        declared(dot));
    assertFalse(dot.contains("cluster_grad"), dot);
    assertFalse(dot.contains("#ffd8a8"), dot);
    assertEquals(Dot.of(s.graph).lines().filter(l -> l.contains("n" + s.sum.id() + " ["))
        .toList(), dot.lines().filter(l -> l.contains("n" + s.sum.id() + " [")).toList(),
        "a node the view keeps is drawn as in the full dump");
    assertAllEdgesEndAtDeclaredNodes(dot);
  }

  @Test
  void excludingAScopeLeavesAStandInForWhatItFeeds() {
    String dot = Dot.ancestorsOf(List.of(s.loss), DotView.full().excluding("fc1", "nowhere"));

    assertEquals(Set.of("n" + s.x.id(), "n" + s.twice.id(), "n" + s.c.id(), "n" + s.loss.id(),
        "x" + s.mean.id()), declared(dot));
    String stub = statement(dot, "x" + s.mean.id());
    assertTrue(stub.contains("label=\"fc1/bn/mean\\nf32[?,2]\"") && stub.contains("dashed"),
        stub);
    // twice reads mean at both positions: one edge from the stand-in, labelled with the shape.
    assertEquals(List.of("x" + s.mean.id() + " -> n" + s.twice.id() + " : f32[?,2]"),
        edges(dot).stream().filter(e -> e.startsWith("x")).toList());
    assertAllEdgesEndAtDeclaredNodes(dot);
  }

  @Test
  void collapsedDrawsEachTopScopeAsOneBoxWithDeduplicatedLabelledEdges() {
    String dot = Dot.of(s.graph, DotView.full().forwardOnly().collapsed());

    assertEquals(Set.of("b0", "n" + s.x.id(), "n" + s.twice.id(), "n" + s.c.id(),
        "n" + s.loss.id(), "n" + s.transposed.id()), declared(dot));
    assertEquals(List.of(
        "n" + s.twice.id() + " -> n" + s.loss.id() + " : 0",
        "n" + s.c.id() + " -> n" + s.loss.id() + " : 1",
        // x feeds broadcast_like and add_n inside fc1: one edge into the box
        "n" + s.x.id() + " -> b0 : f32[?,2]",
        "b0 -> n" + s.twice.id() + " : f32[?,2]",
        "b0 -> n" + s.transposed.id() + " : f32[1,2]"), edges(dot));
    String box = statement(dot, "b0");
    assertTrue(box.contains("label=\"fc1\\nbroadcast_like, add_n, identity\\n"
        + "f32[?,2], f32[1,2]\\n2 parameters\""), box);
    assertTrue(box.contains("shape=box3d") && box.contains("tooltip=\"4 nodes in fc1\""), box);
    assertFalse(dot.contains("cluster_"), "a top-level box sits in no cluster:\n" + dot);
  }

  @Test
  void aBoxShowsTheLayerKindWhenItIsKnown() {
    String dot = Dot.of(s.graph,
        DotView.full().forwardOnly().collapsed().layerKinds(Map.of("fc1", "Dense")));

    assertTrue(statement(dot, "b0").contains("label=\"fc1\\nDense\\nf32[?,2], f32[1,2]\\n"
        + "2 parameters\""), dot);
  }

  @Test
  void gradientScopesCollapseToDashedOrangeBoxes() {
    String dot = Dot.of(s.graph, DotView.full().collapsed());

    String grad = statement(dot, "b1");
    assertTrue(grad.startsWith("b1 [label=\"grad\\n"), grad);
    assertTrue(grad.contains("filled,dashed") && grad.contains("#ffd8a8"), grad);
    assertFalse(statement(dot, "b0").contains("dashed"), dot);
    assertAllEdgesEndAtDeclaredNodes(dot);
  }

  @Test
  void deeperCollapseOpensTheTopScopes() {
    String dot = Dot.of(s.graph, DotView.full().forwardOnly().collapsed(2));

    Set<String> plain = declared(dot).stream().filter(id -> id.startsWith("n"))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(ids(s.x, s.w, s.shift, s.sum, s.twice, s.c, s.loss, s.transposed), plain);
    assertTrue(statement(dot, "b0").contains("label=\"fc1/bn\\nidentity\\nf32[?,2]\""), dot);
    assertTrue(dot.contains("subgraph \"cluster_fc1\" {"), dot);
    assertEquals(List.of("n" + s.sum.id() + " -> b0 : f32[?,2]",
        "b0 -> n" + s.twice.id() + " : f32[?,2]"),
        edges(dot).stream().filter(e -> e.contains("b0")).toList());
  }

  @Test
  void expandingOpensOneBoxAndLeavesTheOthersClosed() {
    String dot = Dot.of(s.graph, DotView.full().expanding("fc1"));

    List<String> boxes = dot.lines().map(String::trim).filter(l -> l.matches("b\\d+ \\[.*"))
        .map(l -> l.substring(0, l.indexOf("\\n"))).toList();
    assertEquals(Set.of("b0 [label=\"fc1/bn", "b1 [label=\"grad"), Set.copyOf(boxes));
    assertTrue(declared(dot).contains("n" + s.w.id()), dot);
    assertAllEdgesEndAtDeclaredNodes(dot);
  }

  @Test
  void residualBlockCollapsesToOneBoxAndExpandingShowsTheSkipEdge() {
    Residual r = new Residual();

    String collapsed = Dot.of(r.graph, DotView.full().collapsed());
    String expanded = Dot.of(r.graph, DotView.full().expanding("block1"));

    assertEquals(Set.of("n" + r.x.id(), "b0", "b1"), declared(collapsed));
    assertEquals(List.of("n" + r.x.id() + " -> b0 : f32[?,4]", "b0 -> b1 : f32[?,4]"),
        edges(collapsed));
    assertTrue(statement(collapsed, "b0").contains(
        "label=\"block1\\nmatmul, identity, add_n\\nf32[?,4]\\n16 parameters\""), collapsed);
    assertEquals(Set.of("n" + r.x.id(), "n" + r.add.id(), "b0", "b1", "b2"), declared(expanded));
    assertEquals(List.of(
        "n" + r.x.id() + " -> n" + r.add.id() + " : 1", // the skip connection
        "n" + r.x.id() + " -> b0 : f32[?,4]",
        "b0 -> b1 : f32[?,4]",
        "b1 -> n" + r.add.id() + " : f32[?,4]",
        "n" + r.add.id() + " -> b2 : f32[?,4]"), edges(expanded));
  }

  @Test
  void withinDrawsOneScopeWithStandInsForItsOutsideInputs() {
    Residual r = new Residual();

    String dot = Dot.of(r.graph, DotView.full().within("block1"));
    String collapsed = Dot.of(r.graph, DotView.full().within("block1").collapsed());

    assertEquals(Set.of("n" + r.w.id(), "n" + r.h.id(), "n" + r.relu.id(), "n" + r.add.id(),
        "x" + r.x.id()), declared(dot));
    assertTrue(statement(dot, "x" + r.x.id()).contains("shape=ellipse"), dot);
    assertEquals(List.of("x" + r.x.id() + " -> n" + r.h.id() + " : f32[?,4]",
        "x" + r.x.id() + " -> n" + r.add.id() + " : f32[?,4]"),
        edges(dot).stream().filter(e -> e.startsWith("x")).toList());
    assertAllEdgesEndAtDeclaredNodes(dot);
    // collapsing below 'within' boxes its nested scopes, not the scope itself
    assertEquals(Set.of("b0", "b1", "n" + r.add.id(), "x" + r.x.id()), declared(collapsed));
    assertTrue(statement(collapsed, "b0").startsWith("b0 [label=\"block1/fc\\nmatmul\\n"),
        collapsed);
  }

  @Test
  void sameGraphAndViewGiveSameText() {
    DotView view = DotView.full().forwardOnly().collapsed().expanding("fc1");

    assertEquals(Dot.of(s.graph, view), Dot.of(new SampleGraph().graph, view));
  }

  @Test
  void refusesAScopeNoDrawnNodeIsIn() {
    IllegalArgumentException within = assertThrows(IllegalArgumentException.class,
        () -> Dot.of(s.graph, DotView.full().within("fc2")));
    IllegalArgumentException gradWithinForward = assertThrows(IllegalArgumentException.class,
        () -> Dot.of(s.graph, DotView.full().forwardOnly().within("grad")));
    IllegalArgumentException expand = assertThrows(IllegalArgumentException.class,
        () -> Dot.of(s.graph, DotView.full().expanding("fc1/bm")));

    assertEquals("within('fc2'): no node to draw is in that scope; the top-level scopes are "
        + "[fc1, grad]. Pass one of them or a path below one, e.g. 'fc1'", within.getMessage());
    assertEquals("within('grad'): the view leaves out every node of that scope (forward only:"
        + " true, excluding []); drop those options or pick another of the top-level scopes "
        + "[fc1]", gradWithinForward.getMessage());
    assertEquals("expanding('fc1/bm'): no node to draw is in that scope; the top-level scopes "
        + "are [fc1, grad]. Pass one of them or a path below one, e.g. 'fc1'",
        expand.getMessage());
  }

  @Test
  void refusesADepthBelowOneAndMalformedScopes() {
    IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
        () -> DotView.full().collapsed(0));
    IllegalArgumentException slash = assertThrows(IllegalArgumentException.class,
        () -> DotView.full().within("fc1/"));
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> DotView.full().expanding(""));

    assertEquals("collapse depth 0: the depth is the scope level drawn as boxes, 1 for the "
        + "top-level scopes (or those just below 'within'); pass 1 or more", depth.getMessage());
    assertEquals("within('fc1/'): not a scope path; write it as the node names do, e.g. 'conv1'"
        + " or 'conv1/bn'", slash.getMessage());
    assertTrue(empty.getMessage().startsWith("expanding(''): not a scope path"),
        empty.getMessage());
  }

  @Test
  void refusesAViewThatLeavesNothing() {
    Graph g = new Graph();
    try (Scope train = g.scope("train")) {
      g.placeholder("labels", -1);
    }

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Dot.of(g, DotView.full().excluding("train")));

    assertTrue(e.getMessage().contains("leaves no node to draw out of 1"), e.getMessage());
  }

  @Test
  void graphvizRendersACollapsedViewToPng(@TempDir Path dir) throws Exception {
    Path dotProgram = onPath("dot");
    Residual r = new Residual();
    String text = Dot.of(r.graph, DotView.full().within("block1").collapsed());
    Path input = Files.writeString(dir.resolve("view.dot"), text);
    Path png = dir.resolve("view.png");
    Path log = dir.resolve("dot.log");

    Process dot = new ProcessBuilder(dotProgram.toString(), "-Tpng", "-o", png.toString(),
        input.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!dot.waitFor(60, TimeUnit.SECONDS)) {
      dot.destroyForcibly();
      fail("dot did not finish within 60 s on " + input);
    }

    assertEquals(0, dot.exitValue(), () -> "dot rejected the view:\n" + read(log) + "\n" + text);
    assertEquals("", read(log), "dot warned about the view");
    byte[] header = new byte[24];
    try (InputStream in = Files.newInputStream(png)) {
      assertEquals(24, in.readNBytes(header, 0, 24));
    }
    assertTrue(Arrays.equals(Arrays.copyOf(header, 8),
        new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}), "not a PNG");
    ByteBuffer size = ByteBuffer.wrap(header, 16, 8);
    assertTrue(size.getInt() > 50 && size.getInt() > 50, "a picture with something in it");
  }

  /** x → block1 (fc → act, plus x: a skip connection) → head. */
  private static final class Residual {
    final Graph graph = new Graph();
    final Node x = graph.placeholder("x", -1, 4);
    final Node w;
    final Node h;
    final Node relu;
    final Node add;

    Residual() {
      try (Scope block = graph.scope("block1")) {
        try (Scope fc = graph.scope("fc")) {
          w = graph.variable("w", Tensor.zeros(4, 4));
          h = graph.apply("matmul", new FakeOp("matmul", Map.of(), Shape.of(-1, 4)), x, w);
        }
        try (Scope act = graph.scope("act")) {
          relu = graph.apply("relu", new Identity(), h);
        }
        add = Primitives.addN(relu, x);
      }
      try (Scope head = graph.scope("head")) {
        Node v = graph.variable("w", Tensor.zeros(4, 2));
        graph.apply("matmul", new FakeOp("matmul", Map.of(), Shape.of(-1, 2)), add, v);
      }
    }
  }

  private static void assertAllEdgesEndAtDeclaredNodes(String dot) {
    Set<String> declared = declared(dot);
    Set<String> pairs = new TreeSet<>();
    for (String line : dot.lines().toList()) {
      Matcher edge = EDGE.matcher(line);
      if (edge.find()) {
        assertTrue(declared.contains(edge.group(1)) && declared.contains(edge.group(2)),
            "edge " + line.trim() + " leaves the drawn nodes");
        if (!(edge.group(1).startsWith("n") && edge.group(2).startsWith("n"))) {
          assertTrue(pairs.add(edge.group(1) + edge.group(2)), "edge drawn twice: " + line);
        }
      }
    }
  }

  /** Each edge as {@code from -> to : label}, in the order drawn. */
  private static List<String> edges(String dot) {
    List<String> edges = new ArrayList<>();
    for (String line : dot.lines().toList()) {
      Matcher edge = EDGE.matcher(line);
      if (edge.find()) {
        edges.add(edge.group(1) + " -> " + edge.group(2)
            + (edge.group(3) == null ? "" : " : " + edge.group(3)));
      }
    }
    return edges;
  }

  private static Set<String> declared(String dot) {
    Map<String, String> seen = new LinkedHashMap<>();
    for (String line : dot.lines().toList()) {
      Matcher m = DECLARED.matcher(line);
      if (m.find() && seen.put(m.group(1), line) != null) {
        fail(m.group(1) + " is declared twice:\n" + dot);
      }
    }
    return new TreeSet<>(seen.keySet());
  }

  private static Set<String> ids(Node... nodes) {
    Set<String> ids = new TreeSet<>();
    for (Node n : nodes) {
      ids.add("n" + n.id());
    }
    return ids;
  }

  private static String statement(String dot, String id) {
    return dot.lines().map(String::trim).filter(l -> l.startsWith(id + " ["))
        .findFirst().orElseGet(() -> fail("no statement declares " + id + ":\n" + dot));
  }

  /** The program on PATH; skips the test, saying what to install, when it is absent. */
  private static Path onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    assumeTrue(false, "Graphviz '" + program + "' is not on PATH; this test renders a real DOT"
        + " view: apt-get install graphviz");
    return null;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      return "(could not read " + file + ": " + e + ")";
    }
  }
}
