package io.nabla.core.pass;

import io.nabla.core.graph.Constant;
import io.nabla.core.graph.Node;
import io.nabla.core.graph.NodeKind;
import io.nabla.core.graph.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes each value once: two operations of one op class and type, with equal attributes
 * ({@link Op#attributes()}) and the same inputs, become the first of them; so do two constants
 * of equal value. Ops that depend on the run ({@link Op#dependsOnRun()}, e.g. a dropout mask
 * drawn from its node's own random stream) are never merged.
 */
public final class CommonSubexpressions {
  private CommonSubexpressions() {}

  /** The pass; each plan gets a fresh table. */
  public static Pass pass() {
    return new RulePass("common-subexpressions", () -> List.of(new Table()));
  }

  /** What makes two operations one computation. */
  private record Key(Class<?> opClass, String type, Object attributes, List<Node> inputs) {}

  /** The first node seen for each key; a later equal node is mapped to it. */
  private static final class Table implements Rule {
    private final Map<Object, Node> first = new HashMap<>();

    @Override
    public Node rewrite(Node node, Rewriter r) {
      Object key = key(node, r);
      if (key == null) {
        return null;
      }
      Node earlier = first.putIfAbsent(key, node);
      return earlier == null ? null : r.mapped(earlier);
    }

    private static Object key(Node node, Rewriter r) {
      Op op = node.op();
      if (node.kind() == NodeKind.CONSTANT) {
        return List.of("constant", ((Constant) op).value());
      }
      if (node.kind() != NodeKind.OPERATION || op.dependsOnRun() || op.attributes() == null) {
        return null;
      }
      return new Key(op.getClass(), op.type(), canonical(op.attributes()), r.mappedInputs(node));
    }
  }

  /** Attributes comparable by value: sorted, arrays as lists. */
  static Object canonical(Map<String, Object> attributes) {
    Map<String, Object> sorted = new TreeMap<>();
    attributes.forEach((k, v) -> sorted.put(k, value(v)));
    return sorted;
  }

  private static Object value(Object v) {
    if (v instanceof int[] a) {
      return Arrays.stream(a).boxed().toList();
    } else if (v instanceof long[] a) {
      return Arrays.stream(a).boxed().toList();
    } else if (v instanceof double[] a) {
      return Arrays.stream(a).boxed().toList();
    } else if (v instanceof float[] a) {
      List<Float> list = new ArrayList<>();
      for (float f : a) {
        list.add(f);
      }
      return list;
    } else if (v instanceof boolean[] a) {
      List<Boolean> list = new ArrayList<>();
      for (boolean b : a) {
        list.add(b);
      }
      return list;
    } else if (v instanceof Object[] a) {
      return Arrays.stream(a).map(CommonSubexpressions::value).toList();
    } else if (v instanceof Map<?, ?> m) {
      Map<Object, Object> sorted = new TreeMap<>();
      m.forEach((k, x) -> sorted.put(k, value(x)));
      return sorted;
    }
    return v;
  }
}
