package io.vwmedia.aws.mediaconvert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.mediaconvert.model.H264CodecLevel;

/** Our rung's frame rate and level in MediaConvert's terms: exact NTSC fractions, named levels, nothing guessed. */
class H264RungTest {

  @Test
  void ntscRatesAreExactFractionsAndWholeRatesStayWhole() {
    assertThat(H264Rung.frameRate(30000.0 / 1001)).containsExactly(30000, 1001);
    assertThat(H264Rung.frameRate(60000.0 / 1001)).containsExactly(60000, 1001);
    assertThat(H264Rung.frameRate(24000.0 / 1001)).containsExactly(24000, 1001);
    assertThat(H264Rung.frameRate(25)).containsExactly(25, 1);
    assertThat(H264Rung.frameRate(12.5)).containsExactly(12500, 1000);
  }

  @Test
  void levelsAreMediaConvertsNamesAndAnUnknownOneIsRefused() {
    assertThat(H264Rung.level("4.0")).isEqualTo(H264CodecLevel.LEVEL_4);
    assertThat(H264Rung.level("3.1")).isEqualTo(H264CodecLevel.LEVEL_3_1);
    assertThat(H264Rung.level("5.1")).isEqualTo(H264CodecLevel.LEVEL_5_1);
    assertThat(H264Rung.level(null)).isEqualTo(H264CodecLevel.AUTO);
    assertThatThrownBy(() -> H264Rung.level("9.9")).hasMessageContaining("9.9");
    assertThatThrownBy(() -> H264Rung.profile("high10")).hasMessageContaining("high10");
  }
}
