package io.vwmedia.simulation.cluster;

/** One asset's times from upload: to its first playable manifest and to published (NaN if never). */
public record AssetOutcome(String id, double arrival, double sourceSeconds, double toPlayable, double toPublished,
    boolean degraded) {}
