package io.nabla.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The suite's operation counts and geometries, against counts worked out by hand. */
class ConvLayerTest {

  @Test
  void lenetConvolutionsCountTheirMultiplyAdds() {
    List<ConvLayer> convs = ConvLayer.of(SuiteModel.LENET.build());
    assertEquals(2, convs.size());
    // conv1: 6 filters of 1×5×5 over 28×28 outputs (pad 2): 6·28·28·25 = 117,600 multiply-adds
    assertEquals(2 * 117_600L, convs.get(0).forwardFlopsPerImage());
    assertEquals("1>6 5x5 28x28", convs.get(0).key());
    // conv2: 16 filters of 6×5×5 over 10×10 outputs: 16·100·150 = 240,000 multiply-adds
    assertEquals(2 * 240_000L, convs.get(1).forwardFlopsPerImage());
    assertEquals("6>16 5x5 14x14", convs.get(1).key());
  }

  @Test
  void stridedConvolutionsCountTheirSmallerOutput() {
    List<ConvLayer> convs = ConvLayer.of(SuiteModel.RESNET.build());
    // stem, two convs in each of the three blocks, and the second block's 1×1 shortcut
    assertEquals(8, convs.size());
    ConvLayer down = convs.stream().filter(c -> c.key().equals("16>32 3x3/2 32x32"))
        .findFirst().orElseThrow();
    assertEquals(16, down.outH());
    // 32 filters of 16×3×3 over 16×16 outputs: 32·256·144 = 1,179,648 multiply-adds
    assertEquals(2 * 1_179_648L, down.forwardFlopsPerImage());
    ConvLayer shortcut = convs.stream().filter(c -> c.key().equals("16>32 1x1/2 32x32"))
        .findFirst().orElseThrow();
    assertEquals(2L * 32 * 256 * 16, shortcut.forwardFlopsPerImage());
  }

  @Test
  void modelsWithoutConvolutionsHaveNone() {
    assertEquals(List.of(), ConvLayer.of(SuiteModel.MLP.build()));
  }
}
