package io.vwmedia.worker;

import io.vwmedia.events.RenditionTask;

/** Hears of a GPU encode that failed and was run again on the CPU fallback. */
@FunctionalInterface
public interface EncoderFallbackListener {

  EncoderFallbackListener NONE = (task, from, to, error) -> {};

  void onFallback(RenditionTask task, String fromEncoder, String toEncoder, String error);
}
