package io.nabla.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The sum of one {@link PartialSum} per partition, always associated the same way whatever the
 * order in which Spark delivers them: partition {@code p} is leaf {@code p} of a fixed binary
 * tree over {@code 0 … n-1}, and two nodes are added (left + right) only once both siblings are
 * present. {@code treeAggregate} merges partial aggregates as tasks finish, so a plain sum would
 * round differently from run to run (and after a retried task); this one gives the same bits.
 */
final class OrderedTreeSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int partitions;
  private final int top;
  /** Pending nodes by {@code level << 32 | index}. */
  private final Map<Long, PartialSum> pending = new HashMap<>();

  OrderedTreeSum(int partitions) {
    this.partitions = partitions;
    this.top = partitions <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(partitions - 1);
  }

  /** The sum holding partition {@code p}'s share. */
  static OrderedTreeSum leaf(int partitions, int p, PartialSum share) {
    OrderedTreeSum s = new OrderedTreeSum(partitions);
    s.insert(0, p, share);
    return s;
  }

  /** Both sums' nodes in one, combined where siblings meet (either sum may be reused). */
  static OrderedTreeSum merge(OrderedTreeSum a, OrderedTreeSum b) {
    b.pending.forEach((key, s) -> a.insert((int) (key >>> 32), (int) (long) key, s));
    return a;
  }

  private void insert(int level, int index, PartialSum s) {
    while (level < top) {
      int sibling = index ^ 1;
      if ((long) sibling << level >= partitions) {
        // the sibling's block holds no partition: this node is its parent
        level++;
        index >>= 1;
        continue;
      }
      PartialSum other = pending.remove(key(level, sibling));
      if (other == null) {
        break;
      }
      s = (index & 1) == 0 ? s.plus(other) : other.plus(s);
      level++;
      index >>= 1;
    }
    if (pending.put(key(level, index), s) != null) {
      throw new IllegalStateException("partition block " + index + " at level " + level
          + " was summed twice");
    }
  }

  private static long key(int level, int index) {
    return (long) level << 32 | index;
  }

  /**
   * The total over every partition.
   *
   * @throws IllegalStateException when some partition's share is missing
   */
  PartialSum total() {
    PartialSum root = pending.get(key(top, 0));
    if (root == null || pending.size() != 1) {
      throw new IllegalStateException("the step's sum lacks partitions: " + pending.size()
          + " pending blocks for " + partitions + " partitions");
    }
    return root;
  }
}
