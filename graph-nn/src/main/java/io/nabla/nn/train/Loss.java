package io.nabla.nn.train;

import static io.nabla.ops.Ops.mse;
import static io.nabla.ops.Ops.softmaxCrossEntropy;

import io.nabla.core.graph.Node;
import io.nabla.nn.model.Model;

/** What a trainer minimises, and what it compares the model's output with. */
public interface Loss {

  /**
   * The node the output is compared with: a new placeholder fed with each batch's labels, or
   * the model's own input for a reconstruction.
   */
  Node target(Model model);

  /** True when the target is fed from the dataset's labels (false: it is the input). */
  boolean fedFromLabels();

  /** True when the output holds class scores, so accuracy means something. */
  boolean classifies();

  /** The scalar loss node. */
  Node build(Node output, Node target);

  /** Mean softmax cross-entropy of class scores against class indices. */
  static Loss crossEntropy() {
    return new Loss() {
      @Override
      public Node target(Model model) {
        return model.graph().placeholder("labels", -1);
      }

      @Override
      public boolean fedFromLabels() {
        return true;
      }

      @Override
      public boolean classifies() {
        return true;
      }

      @Override
      public Node build(Node output, Node target) {
        return softmaxCrossEntropy(output, target);
      }
    };
  }

  /** Mean squared error between the output and the model's input (auto-encoders). */
  static Loss reconstruction() {
    return new Loss() {
      @Override
      public Node target(Model model) {
        return model.input();
      }

      @Override
      public boolean fedFromLabels() {
        return false;
      }

      @Override
      public boolean classifies() {
        return false;
      }

      @Override
      public Node build(Node output, Node target) {
        return mse(output, target);
      }
    };
  }
}
