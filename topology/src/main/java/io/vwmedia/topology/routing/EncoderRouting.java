package io.vwmedia.topology.routing;

import io.vwmedia.events.EncoderLeg;
import io.vwmedia.events.TemplateOverrides;
import io.vwmedia.topology.template.LadderTemplate;
import io.vwmedia.topology.template.TemplateException;

/**
 * Which leg encodes a newly planned asset: the upload's {@code overrides.encoderLeg} first, then the template's
 * {@code "encoder"}, then the overflow policy (only while the managed leg is configured); our own workers otherwise.
 * Asking for the managed leg where it is not configured is refused, with the setting that turns it on.
 */
public final class EncoderRouting {

  /** The leg and why: {@code upload}, {@code template}, {@code overflow} or {@code default}. */
  public record Route(EncoderLeg leg, String reason) {}

  /** Every asset on our own workers: the managed leg is not configured. */
  public static final EncoderRouting WORKERS_ONLY = new EncoderRouting(false, new OverflowPolicy(0));

  private final boolean managedLeg;
  private final OverflowPolicy overflow;

  /**
   * @param managedLeg the managed leg is configured ({@code vw.mediaconvert.state-machine-arn})
   * @param overflow when new assets overflow to it
   */
  public EncoderRouting(boolean managedLeg, OverflowPolicy overflow) {
    this.managedLeg = managedLeg;
    this.overflow = overflow;
  }

  public Route route(LadderTemplate template, TemplateOverrides overrides) {
    if (overrides != null && overrides.getEncoderLeg() != null) {
      return checked(overrides.getEncoderLeg(), "upload", "overrides.encoderLeg");
    }
    if (template.encoderLeg().isPresent()) {
      return checked(template.encoderLeg().get(), "template", "template " + template.id() + "'s encoder");
    }
    if (managedLeg && overflow.overflowing()) {
      return new Route(EncoderLeg.MEDIACONVERT, "overflow");
    }
    return new Route(EncoderLeg.WORKERS, "default");
  }

  private Route checked(EncoderLeg leg, String reason, String asker) {
    if (leg == EncoderLeg.MEDIACONVERT && !managedLeg) {
      throw new TemplateException(asker + " asks for MEDIACONVERT, but the managed leg is not configured here"
          + " (vw.mediaconvert.state-machine-arn)");
    }
    return new Route(leg, reason);
  }

  public OverflowPolicy overflow() {
    return overflow;
  }
}
