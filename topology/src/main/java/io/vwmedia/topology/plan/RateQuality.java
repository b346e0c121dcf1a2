package io.vwmedia.topology.plan;

import io.vwmedia.topology.template.LadderTemplate.PerTitle;

/**
 * How one rung's quality grows with its bitrate, for one source: two probe encodes at different CRFs give two
 * points, and between and around them PSNR is taken as linear in the logarithm of the bitrate, as it is for x264
 * over the usual range.
 *
 * @param highKbps bitrate of the higher-quality probe encode (the lower CRF)
 * @param highPsnr its PSNR against the source scaled to the rung, dB
 * @param lowKbps bitrate of the lower-quality probe encode
 * @param lowPsnr its PSNR
 */
public record RateQuality(double highKbps, double highPsnr, double lowKbps, double lowPsnr) {

  /** dB gained per doubling of the bitrate; NaN when the two points say nothing usable. */
  public double dbPerDoubling() {
    if (!(highKbps > lowKbps) || !(lowKbps > 0) || !(highPsnr > lowPsnr)) {
      return Double.NaN;
    }
    return (highPsnr - lowPsnr) / log2(highKbps / lowKbps);
  }

  /** The PSNR an encode at this bitrate is expected to reach. */
  public double psnrAt(double kbps) {
    return highPsnr + dbPerDoubling() * log2(kbps / highKbps);
  }

  /** The bitrate expected to reach this PSNR. */
  public double kbpsFor(double psnr) {
    return highKbps * Math.pow(2, (psnr - highPsnr) / dbPerDoubling());
  }

  /**
   * The fraction of the template's bitrate this rung needs: the bitrate that reaches the template's target PSNR (plus
   * its margin), or
   * the template's own bitrate where that would not reach it (hard content keeps the full bitrate), never above the
   * template's bitrate and never below {@code minRatio} of it. Where even the economy probe reaches the target, its
   * bitrate is taken rather than a guess below it; where the probe's points say nothing usable, 1.
   */
  public double bitrateFactor(int templateKbps, PerTitle perTitle) {
    double target = perTitle.targetPsnr() + perTitle.marginDb();
    double kbps;
    if (lowPsnr >= target && lowKbps > 0) {
      kbps = lowKbps;
    } else if (Double.isNaN(dbPerDoubling()) || psnrAt(templateKbps) <= target) {
      return 1.0;
    } else {
      kbps = kbpsFor(target);
    }
    return Math.max(perTitle.minRatio(), Math.min(1.0, kbps / templateKbps));
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
