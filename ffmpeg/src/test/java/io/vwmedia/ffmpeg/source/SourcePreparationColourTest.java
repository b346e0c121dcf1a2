package io.vwmedia.ffmpeg.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link SourcePreparation#scale} does to a picture's colours, with the real FFmpeg: a flat frame in a source's
 * matrix and range goes through the chain, and the Y, Cb and Cr that come out are read back. Red in BT.709 limited
 * range is Y 62.6, Cb 102.0, Cr 240.0; in BT.601, Y 81.5, Cb 90.3, Cr 240.0 (8-bit rounding moves each by one).
 */
class SourcePreparationColourTest {

  private static final SourcePicture BT601 = new SourcePicture(false, null, "bt601", false);
  private static final SourcePicture BT709_FULL = new SourcePicture(false, null, "bt709", true);

  @Test
  void aBt601RedBecomesBt709Red() throws Exception {
    int[] red = through(BT601, "red", "bt601", "tv");

    assertThat(red[0]).as("Y").isBetween(62, 63);
    assertThat(red[1]).as("Cb").isBetween(101, 103);
    assertThat(red[2]).as("Cr").isBetween(239, 240);
  }

  @Test
  void aBt601GreyKeepsItsLevelsForAGreyHasNoMatrixToChange() throws Exception {
    for (String grey : List.of("0x202020", "0x808080", "0xc0c0c0", "white")) {
      int[] before = through(BT601, grey, "bt601", "tv", false);

      assertThat(through(BT601, grey, "bt601", "tv")).as(grey).containsExactly(before);
    }
  }

  @Test
  void aFullRangeSourceComesOutInLimitedRange() throws Exception {
    assertThat(through(BT709_FULL, "white", "bt709", "pc")).containsExactly(235, 128, 128);
    assertThat(through(BT709_FULL, "black", "bt709", "pc")).containsExactly(16, 128, 128);
  }

  @Test
  void aBt709LimitedSourcePassesWithNothingConverted() {
    assertThat(SourcePreparation.scale(new SourcePicture(false, null, "bt709", false), 64, 36))
        .isEqualTo("scale=64:36:flags=bicubic,setsar=1,format=yuv420p");
  }

  private static int[] through(SourcePicture source, String colour, String matrix, String range) throws Exception {
    return through(source, colour, matrix, range, true);
  }

  /**
   * One 64x36 frame of {@code colour}, written in {@code matrix} and {@code range} and tagged so, then (when {@code
   * prepared}) {@link SourcePreparation#scale}'s chain; the centre pixel's Y, Cb and Cr as FFmpeg writes them.
   */
  private static int[] through(SourcePicture source, String colour, String matrix, String range, boolean prepared)
      throws IOException, InterruptedException {
    String make = "color=c=" + colour + ":size=64x36:duration=0.04,scale=out_color_matrix=" + matrix + ":out_range="
        + range + ",format=yuv420p,setparams=colorspace=" + (matrix.equals("bt601") ? "smpte170m" : matrix)
        + ":range=" + range;
    String chain = prepared ? "," + SourcePreparation.scale(source, 64, 36) : "";
    Process ffmpeg = new ProcessBuilder(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
        make + chain, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-")).redirectErrorStream(false).start();
    byte[] frame;
    try (InputStream out = ffmpeg.getInputStream()) {
      frame = out.readAllBytes();
    }
    String errors = new String(ffmpeg.getErrorStream().readAllBytes());
    assertThat(ffmpeg.waitFor()).as(errors).isZero();
    int y = frame[18 * 64 + 32] & 0xff;
    int chroma = 64 * 36;
    int cb = frame[chroma + 9 * 32 + 16] & 0xff;
    int cr = frame[chroma + 64 * 36 / 4 + 9 * 32 + 16] & 0xff;
    return new int[] {y, cb, cr};
  }
}
