package io.vwmedia.simulation.model;

/** The video encoder a pool's pods run. */
public enum Encoder {
  X264,
  NVENC
}
