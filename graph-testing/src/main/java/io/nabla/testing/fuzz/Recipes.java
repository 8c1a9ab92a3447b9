package io.nabla.testing.fuzz;

import static io.nabla.ops.Ops.*;

import io.nabla.core.primitive.Primitives;
import io.nabla.ops.Ops;
import java.util.List;

/** The recipes that cover the standard op library. */
public final class Recipes {
  private Recipes() {}

  /**
   * Every op family of {@link Ops} and {@link io.nabla.ops.NnOps} that has a gradient (not
   * stop_gradient, whose symbolic zero gradient differs from the numeric one by design). Matmul,
   * layout, convolution and pooling are listed twice, so they are drawn twice as often as one of
   * the many element-wise ops.
   */
  public static List<Recipe> standard() {
    return List.of(
        UnaryRecipe.of("neg", Domain.ANY, Ops::neg),
        UnaryRecipe.of("exp", Domain.MODERATE, Ops::exp),
        UnaryRecipe.of("log", Domain.POSITIVE, Ops::log),
        UnaryRecipe.of("sqrt", Domain.POSITIVE, Ops::sqrt),
        UnaryRecipe.of("square", Domain.ANY, Ops::square),
        UnaryRecipe.of("abs", Domain.ANY, Ops::abs),
        UnaryRecipe.of("tanh", Domain.ANY, Ops::tanh),
        UnaryRecipe.of("sigmoid", Domain.ANY, Ops::sigmoid),
        UnaryRecipe.of("relu", Domain.ANY, Ops::relu),
        UnaryRecipe.of("leaky_relu", Domain.ANY, x -> leakyRelu(x, 0.2f)),
        UnaryRecipe.of("elu", Domain.ANY, x -> elu(x, 0.7f)),
        UnaryRecipe.of("softplus", Domain.ANY, Ops::softplus),
        UnaryRecipe.of("gelu", Domain.ANY, Ops::gelu),
        UnaryRecipe.of("identity", Domain.ANY, Primitives::identity),
        // batch norm's and dropout's switch: one branch in training, the other in inference
        UnaryRecipe.of("training_switch", Domain.ANY,
            x -> io.nabla.ops.NnOps.trainingSwitch(tanh(x), mul(x, 0.5f))),
        UnaryRecipe.of("pow 1.5", Domain.POSITIVE, x -> pow(x, 1.5f)),
        UnaryRecipe.of("pow -0.5", Domain.POSITIVE, x -> pow(x, -0.5f)),
        BinaryRecipe.of("add", Domain.ANY, Domain.ANY, Ops::add),
        BinaryRecipe.of("sub", Domain.ANY, Domain.ANY, Ops::sub),
        BinaryRecipe.of("mul", Domain.ANY, Domain.ANY, Ops::mul),
        BinaryRecipe.of("div", Domain.ANY, Domain.POSITIVE, Ops::div),
        BinaryRecipe.of("pow", Domain.POSITIVE, Domain.MODERATE, Ops::pow),
        new AddNRecipe(),
        new MatMulRecipe(),
        new MatMulRecipe(),
        new ReduceRecipe("sum", Ops::sum),
        new ReduceRecipe("mean", Ops::mean),
        new ReduceRecipe("max", Ops::max),
        new SoftmaxRecipe(false),
        new SoftmaxRecipe(true),
        new LayoutRecipe(),
        new LayoutRecipe(),
        new ConcatRecipe(),
        new CropPadRecipe(),
        new ConvRecipe(),
        new ConvRecipe(),
        new ConvTransposeRecipe(),
        new UpsampleRecipe(),
        new PoolRecipe(),
        new PoolRecipe(),
        new LossRecipe(LossRecipe.Kind.SOFTMAX_CROSS_ENTROPY),
        new LossRecipe(LossRecipe.Kind.SIGMOID_CROSS_ENTROPY),
        new LossRecipe(LossRecipe.Kind.MSE),
        new NormalizationRecipe(true),
        new NormalizationRecipe(false),
        new SecondOrderRecipe());
  }
}
