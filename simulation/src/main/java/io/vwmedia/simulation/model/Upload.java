package io.vwmedia.simulation.model;

/** One uploaded source: when it arrives, how long it is, and its picture height. */
public record Upload(String id, double arrival, double seconds, int sourceHeight) {}
