package io.vwmedia.storage;

import java.util.List;

/** Tells a CDN that objects changed, so viewers get the new manifests: the port CloudFront plugs into. */
@FunctionalInterface
public interface CdnInvalidator {

  /** For origins served without a CDN, such as the embedded default's local origin: nothing is cached. */
  CdnInvalidator NONE = (publishId, keys) -> {};

  /**
   * Invalidates the given storage keys. Must be idempotent per {@code publishId}: a publish retried after a crash
   * names the same id and must not invalidate twice, while a later publish of the same asset names a new one.
   *
   * @param publishId identifies this publish of an asset, the same on every retry of it
   */
  void invalidate(String publishId, List<String> keys);
}
