package io.nabla.nn;

import io.nabla.nn.data.FashionMnist;
import io.nabla.nn.data.Splits;
import io.nabla.nn.init.Initializer;
import io.nabla.nn.init.Initializers;
import io.nabla.nn.layer.Conv;
import io.nabla.nn.layer.Dense;
import io.nabla.nn.layer.Activation;
import io.nabla.nn.layer.Flatten;
import io.nabla.nn.layer.MaxPool;
import io.nabla.nn.model.Model;
import io.nabla.nn.model.Sequential;
import io.nabla.nn.optim.Sgd;
import io.nabla.nn.train.Trainer;
import io.nabla.core.tensor.Tensor;
import java.nio.file.Path;

public class ScratchInit {
  public static void main(String[] a) {
    Splits s = FashionMnist.load(Path.of("/usr/share/datasets/fashion-mnist"));
    Initializer torch = (shape, fanIn, fanOut, r) -> {
      double b = 1 / Math.sqrt(fanIn);
      return Tensor.fromFunction(shape, i -> (r.nextDouble() * 2 - 1) * b);
    };
    Initializer init = a[0].equals("he") ? Initializers.heNormal() : torch;
    Model m = Sequential.input(1, 28, 28)
        .add(new Conv(6, 5).padding(2).init(init)).add(Activation.relu()).add(new MaxPool(2))
        .add(new Conv(16, 5).init(init)).add(Activation.relu()).add(new MaxPool(2))
        .add(new Flatten()).add(new Dense(120).init(init)).add(Activation.relu())
        .add(new Dense(84).init(init)).add(Activation.relu()).add(new Dense(10).init(init))
        .build(0);
    io.nabla.nn.optim.Optimizer opt = a[4].equals("adam") ? new io.nabla.nn.optim.Adam(Double.parseDouble(a[1])) : new Sgd(Double.parseDouble(a[1]), 0.9);
    var tb = Trainer.builder(m, opt);
    if (a[5].equals("cos")) tb.schedule(io.nabla.nn.optim.LearningRateSchedule.cosine(Integer.parseInt(a[3]), 0));
    Trainer t = tb.build();
    var train = s.train(); var test = s.test();
    if (a[6].equals("std")) { train = train.standardized(0.286f, 0.353f); test = test.standardized(0.286f, 0.353f); }
    for (var r : t.fit(train.take(Integer.parseInt(a[2])), test, Integer.parseInt(a[3]), 64)) {
      System.out.println(a[0] + " " + r);
    }
  }
}
