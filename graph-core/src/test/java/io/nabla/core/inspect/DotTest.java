package io.nabla.core.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nabla.core.graph.Graph;
import io.nabla.core.graph.Node;
import io.nabla.core.inspect.SampleGraph.FakeOp;
import io.nabla.core.tensor.Shape;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
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

class DotTest {
  private static final Pattern CLUSTER = Pattern.compile("^\\s*subgraph \"cluster_(.+)\" \\{$");
  private static final Pattern LABEL = Pattern.compile("^\\s*label=\"(.*)\";$");
  private static final Pattern NODE = Pattern.compile("^\\s*(n\\d+) \\[");
  private static final Pattern EDGE = Pattern.compile("(n\\d+) -> (n\\d+)");

  private final SampleGraph s = new SampleGraph();

  @Test
  void labelShowsNameOpTypeAndShape() {
    String dot = Dot.of(s.graph);

    assertTrue(statement(dot, s.x).contains("label=\"x\\nplaceholder\\nf32[?,2]\""), dot);
    assertTrue(statement(dot, s.mean).contains("label=\"fc1/bn/mean\\nidentity\\nf32[?,2]\""));
    assertTrue(statement(dot, s.gradW).contains("label=\"grad/fc1/w\\nidentity\\nf32[1,2]\""));
  }

  @Test
  void labelShowsAttributes() {
    String dot = Dot.of(s.graph);

    assertTrue(statement(dot, s.transposed).contains("\\ntranspose perm=[1, 0]\\n"), dot);
    assertTrue(statement(dot, s.c).contains("\\nconstant value=2.0\\nf32[]\""), dot);
  }

  @Test
  void kindsAreStyledApart() {
    String dot = Dot.of(s.graph);
    String placeholder = style(statement(dot, s.x));
    String variable = style(statement(dot, s.w));
    String constant = style(statement(dot, s.c));
    String op = style(statement(dot, s.loss));
    String gradient = style(statement(dot, s.gradW));

    assertTrue(placeholder.contains("shape=ellipse") && placeholder.contains("#cfe2ff"));
    assertTrue(variable.contains("shape=box") && variable.contains("#d3f9d8"));
    assertTrue(constant.contains("shape=box") && constant.contains("#e9ecef"));
    assertTrue(op.contains("style=\"rounded,filled\"") && op.contains("fillcolor=\"white\""));
    assertTrue(gradient.contains("dashed") && gradient.contains("#ffd8a8"), gradient);
    assertEquals(5, Set.of(placeholder, variable, constant, op, gradient).size());
    assertTrue(statement(dot, s.gradW).contains("tooltip=\"gradient of fc1/w\""));
  }

  @Test
  void everyInputPositionGetsItsOwnEdge() {
    String dot = Dot.of(s.graph);
    String mean = "n" + s.mean.id();
    String twice = "n" + s.twice.id();

    assertTrue(dot.contains(mean + " -> " + twice + " [label=\"0\"];\n"), dot);
    assertTrue(dot.contains(mean + " -> " + twice + " [label=\"1\"];\n"), dot);
    assertTrue(dot.contains("n" + s.sum.id() + " -> " + mean + ";\n"), "one input, no label");
  }

  @Test
  void scopesBecomeNestedClustersLabelledByTheirLastPart() {
    String dot = Dot.of(s.graph);
    Map<String, List<String>> clusters = new HashMap<>();
    Map<String, String> labels = new HashMap<>();
    readClusters(dot, clusters, labels);

    assertEquals(List.of(), clusters.get("n" + s.x.id()));
    assertEquals(List.of("fc1"), clusters.get("n" + s.w.id()));
    assertEquals(List.of("fc1", "fc1/bn"), clusters.get("n" + s.mean.id()));
    assertEquals(List.of("grad", "grad/fc1"), clusters.get("n" + s.gradW.id()));
    assertEquals("bn", labels.get("fc1/bn"));
    assertEquals("grad", labels.get("grad"));
  }

  @Test
  void ancestorsOfKeepsOnlyWhatTheNodesDependOn() {
    String dot = Dot.ancestorsOf(s.loss);
    Set<String> declared = declaredIds(dot);

    Set<String> expected = ids(s.x, s.w, s.shift, s.sum, s.mean, s.twice, s.c, s.loss);
    assertEquals(expected, declared);
    assertFalse(dot.contains("cluster_grad"), dot);
    assertFalse(dot.contains("transpose"), dot);
    Matcher edge = EDGE.matcher(dot);
    while (edge.find()) {
      assertTrue(declared.contains(edge.group(1)) && declared.contains(edge.group(2)),
          "edge " + edge.group() + " leaves the drawn nodes");
    }
  }

  @Test
  void ancestorsOfSeveralNodesIsTheirUnion() {
    Set<String> declared = declaredIds(Dot.ancestorsOf(List.of(s.transposed, s.c)));

    assertEquals(ids(s.w, s.c, s.transposed), declared);
  }

  @Test
  void sameGraphGivesSameText() {
    String first = Dot.of(s.graph);

    assertEquals(first, Dot.of(s.graph));
    assertEquals(first, Dot.of(new SampleGraph().graph));
  }

  @Test
  void quotesAndBackslashesAreEscaped() {
    Graph g = new Graph();
    Node n = g.apply("note", new FakeOp("comment", Map.of("text", "say \"hi\" \\ now"),
        Shape.scalar()));

    String dot = Dot.ancestorsOf(n);

    assertTrue(dot.contains("\\ncomment text=say \\\"hi\\\" \\\\ now\\n"), dot);
    assertEquals("a\\\\b \\\"c\\\"\\nd", Dot.escape("a\\b \"c\"\nd"));
  }

  @Test
  void rejectsNoNodesAndNodesOfTwoGraphs() {
    Node other = new Graph().placeholder("x", 1);

    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> Dot.ancestorsOf(List.of()));
    IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
        () -> Dot.ancestorsOf(s.loss, other));

    assertTrue(none.getMessage().contains("no nodes given"), none.getMessage());
    assertTrue(mixed.getMessage().contains("'x' belongs to another graph"), mixed.getMessage());
  }

  @Test
  void graphvizRendersTheDump(@TempDir Path dir) throws Exception {
    Path dotProgram = onPath("dot");
    s.graph.apply("note", new FakeOp("comment", Map.of("text", "say \"hi\""), Shape.scalar()));
    Path input = Files.writeString(dir.resolve("graph.dot"), Dot.of(s.graph));
    Path svg = dir.resolve("graph.svg");
    Path log = dir.resolve("dot.log");

    Process dot = new ProcessBuilder(dotProgram.toString(), "-Tsvg", "-o", svg.toString(),
        input.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!dot.waitFor(60, TimeUnit.SECONDS)) {
      dot.destroyForcibly();
      fail("dot did not finish within 60 s on " + input);
    }

    assertEquals(0, dot.exitValue(), () -> "dot rejected the dump:\n" + read(log));
    String picture = Files.readString(svg);
    assertTrue(picture.contains("grad/fc1/w"), picture);
    assertTrue(picture.contains("grad/fc1/bn/mean"), picture);
    assertTrue(picture.contains("f32[?,2]"), picture);
    assertTrue(picture.contains("say &quot;hi&quot;"), picture);
  }

  private static Path onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return fail("Graphviz '" + program + "' is not on PATH (" + path + "); this test renders "
        + "a real DOT dump, so install Graphviz first, e.g. `apt-get install graphviz`");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      return "(could not read " + file + ": " + e + ")";
    }
  }

  /** The statement that declares {@code node}. */
  private static String statement(String dot, Node node) {
    String prefix = "n" + node.id() + " [";
    return dot.lines().map(String::trim).filter(l -> l.startsWith(prefix)).findFirst()
        .orElseGet(() -> fail("no statement declares " + prefix + " (" + node.name() + ")"));
  }

  /** A node statement without its label and tooltip: what makes a kind of node look apart. */
  private static String style(String statement) {
    return statement.replaceAll("label=\"[^\"]*\", ", "").replaceAll(", tooltip=\"[^\"]*\"", "")
        .replaceFirst("^n\\d+ ", "");
  }

  private static Set<String> declaredIds(String dot) {
    return dot.lines().map(NODE::matcher).filter(Matcher::find).map(m -> m.group(1))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> ids(Node... nodes) {
    Set<String> ids = new TreeSet<>();
    for (Node n : nodes) {
      ids.add("n" + n.id());
    }
    return ids;
  }

  /** For each declared node, the clusters it sits in, outermost first; and each cluster's label. */
  private static void readClusters(String dot, Map<String, List<String>> clusters,
      Map<String, String> labels) {
    Deque<String> open = new ArrayDeque<>();
    for (String line : dot.lines().toList()) {
      Matcher cluster = CLUSTER.matcher(line);
      Matcher label = LABEL.matcher(line);
      Matcher node = NODE.matcher(line);
      if (cluster.find()) {
        open.push(cluster.group(1));
      } else if (label.find() && !open.isEmpty()) {
        labels.putIfAbsent(open.peek(), label.group(1));
      } else if (node.find()) {
        List<String> path = new ArrayList<>(open);
        Collections.reverse(path);
        assertNull(clusters.put(node.group(1), path),
            "node " + node.group(1) + " is declared twice");
      } else if (line.trim().equals("}") && !open.isEmpty()) {
        open.pop();
      }
    }
  }
}
