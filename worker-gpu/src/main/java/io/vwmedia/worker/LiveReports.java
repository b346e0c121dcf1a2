package io.vwmedia.worker;

import io.vwmedia.events.RenditionResult;

/**
 * Where a worker sends what an encode has stored so far (live publishing): ENCODING results, sent by the same producer
 * as the rung's final result, so they come before it on {@code media.rendition.done}.
 */
@FunctionalInterface
public interface LiveReports {

  /** No live publishing: segments are stored once the encode is done. */
  LiveReports NONE = result -> {};

  void report(RenditionResult encoding);
}
