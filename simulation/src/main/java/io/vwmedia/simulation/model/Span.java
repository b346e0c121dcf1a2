package io.vwmedia.simulation.model;

/** The part of a source one task encodes: chunk {@code index} from {@code start}, {@code seconds} long. */
public record Span(int index, double start, double seconds) {}
