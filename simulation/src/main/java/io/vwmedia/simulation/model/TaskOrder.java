package io.vwmedia.simulation.model;

/** The order in which an asset's tasks are produced to the task topic. */
public enum TaskOrder {
  /** Highest rung first and, within a rung, longest chunk first: the long tasks start first (issue 14's rule). */
  LONGEST_FIRST,
  /** Audio and the lowest rung first, then up the ladder: the asset is playable soonest. */
  LOWEST_FIRST
}
