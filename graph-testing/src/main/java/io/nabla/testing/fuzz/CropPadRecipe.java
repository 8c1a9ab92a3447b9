package io.nabla.testing.fuzz;

import static io.nabla.ops.NnOps.crop;
import static io.nabla.ops.NnOps.pad;
import static io.nabla.ops.NnOps.slice;

import java.util.Arrays;
import java.util.Random;

/** Pad (with zeros or another value), crop, or slice along one axis, by random amounts. */
final class CropPadRecipe implements Recipe {
  @Override
  public String name() {
    return "pad_crop_slice";
  }

  @Override
  public boolean grow(ValuePool pool) {
    Random r = pool.random();
    var picked = pool.pick(i -> pool.shape(i).rank() >= 1);
    if (picked.isEmpty()) {
      return false;
    }
    int x = picked.getAsInt();
    int[] dims = pool.shape(x).dims();
    int rank = dims.length;
    int[] before = new int[rank];
    int[] after = new int[rank];
    switch (r.nextInt(3)) {
      case 0 -> {
        for (int d = 0; d < rank; d++) {
          before[d] = r.nextInt(3);
          after[d] = r.nextInt(3);
        }
        float value = r.nextBoolean() ? 0f : (float) (r.nextGaussian());
        return pool.apply("pad " + Arrays.toString(before) + " " + Arrays.toString(after),
            in -> pad(in.get(0), before, after, value), x).isPresent();
      }
      case 1 -> {
        for (int d = 0; d < rank; d++) {
          before[d] = r.nextInt(dims[d]);
          after[d] = r.nextInt(dims[d] - before[d]);
        }
        return pool.apply("crop " + Arrays.toString(before) + " " + Arrays.toString(after),
            in -> crop(in.get(0), before, after), x).isPresent();
      }
      default -> {
        int axis = r.nextInt(rank);
        int start = r.nextInt(dims[axis]);
        int end = start + 1 + r.nextInt(dims[axis] - start);
        return pool.apply("slice axis=" + axis + " [" + start + "," + end + ")",
            in -> slice(in.get(0), axis, start, end), x).isPresent();
      }
    }
  }
}
