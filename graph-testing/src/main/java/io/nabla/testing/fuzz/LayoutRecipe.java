package io.nabla.testing.fuzz;

import static io.nabla.ops.Ops.reshape;
import static io.nabla.ops.Ops.transpose;
import static io.nabla.ops.Ops.unsqueeze;

import io.nabla.core.graph.Node;
import io.nabla.core.tensor.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Moves elements around without changing them: reshape (flatten, merge two neighbouring axes,
 * split an axis, fold into NCHW), transpose by a random permutation, unsqueeze. Reshape targets
 * are computed from the input's shape when the graph is built.
 */
final class LayoutRecipe implements Recipe {
  @Override
  public String name() {
    return "layout";
  }

  @Override
  public boolean grow(ValuePool pool) {
    Random r = pool.random();
    int x = pool.operand(Domain.ANY);
    int rank = pool.shape(x).rank();
    switch (r.nextInt(6)) {
      case 0 -> {
        return pool.apply("reshape flatten", in -> reshape(in.get(0), -1), x).isPresent();
      }
      case 1 -> {
        if (rank < 2) {
          return false;
        }
        int a = r.nextInt(rank - 1);
        return pool.apply("reshape merge " + a, in -> merge(in.get(0), a), x).isPresent();
      }
      case 2 -> {
        if (rank == 0 || rank >= 4) {
          return false;
        }
        int a = r.nextInt(rank);
        return pool.apply("reshape split " + a, in -> split(in.get(0), a), x).isPresent();
      }
      case 3 -> {
        return pool.apply("reshape nchw", in -> nchw(in.get(0)), x).isPresent();
      }
      case 4 -> {
        if (rank < 2) {
          return false;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
          order.add(i);
        }
        Collections.shuffle(order, r);
        int[] perm = order.stream().mapToInt(Integer::intValue).toArray();
        return pool.apply("transpose " + order, in -> transpose(in.get(0), perm), x).isPresent();
      }
      default -> {
        if (rank >= 4) {
          return false;
        }
        int axis = r.nextInt(rank + 1) - (r.nextBoolean() ? rank + 1 : 0);
        return pool.apply("unsqueeze " + axis, in -> unsqueeze(in.get(0), axis), x).isPresent();
      }
    }
  }

  /** Axes a and a+1 merged into one. */
  private static Node merge(Node x, int a) {
    int[] d = x.shape().dims();
    int[] out = new int[d.length - 1];
    for (int i = 0, k = 0; i < d.length; i++) {
      if (i == a + 1) {
        out[k - 1] *= d[i];
      } else {
        out[k++] = d[i];
      }
    }
    return reshape(x, out);
  }

  /** Axis a split into its smallest factor (1 for a prime) and the rest. */
  private static Node split(Node x, int a) {
    int[] d = x.shape().dims();
    int f = 1;
    for (int p = 2; p < d[a]; p++) {
      if (d[a] % p == 0) {
        f = p;
        break;
      }
    }
    int[] out = new int[d.length + 1];
    for (int i = 0, k = 0; i < d.length; i++) {
      if (i == a) {
        out[k++] = f;
        out[k++] = d[i] / f;
      } else {
        out[k++] = d[i];
      }
    }
    return reshape(x, out);
  }

  /**
   * Rank 4 for convolution and pooling: leading axes of size 1 are added, or the leading axes
   * folded into the batch, keeping the last two axes as the image.
   */
  static Node nchw(Node x) {
    Shape s = x.shape();
    if (s.rank() < 2) {
      throw new IllegalArgumentException("nchw: needs an image, rank 2 at least, not " + s);
    }
    return reshape(x, s.rank() == 2 ? 1 : -1, s.rank() == 2 ? 1 : s.dim(-3), s.dim(-2),
        s.dim(-1));
  }
}
