package io.vwmedia.topology.plan;

import io.vwmedia.events.RungSpec;
import java.util.List;
import java.util.Map;

/**
 * The rungs of one asset: those to encode, and those not encoded on purpose with the reason why.
 *
 * @param encode rungs to send to the workers, video from lowest to highest, then audio
 * @param skipped rungs of the template this source does not get, each with the reason a user reads
 */
public record RungPlan(List<RungSpec> encode, Map<RungSpec, String> skipped) {}
