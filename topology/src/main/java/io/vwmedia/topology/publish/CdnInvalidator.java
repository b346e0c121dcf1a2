package io.vwmedia.topology.publish;

import java.util.List;

/** Tells a CDN that objects changed, so viewers get the new manifests: the port CloudFront plugs into. */
@FunctionalInterface
public interface CdnInvalidator {

  /** For origins served without a CDN, such as the embedded default's local origin: nothing is cached. */
  CdnInvalidator NONE = keys -> {};

  /** Invalidates the given storage keys; must be idempotent, as a publish may be retried. */
  void invalidate(List<String> keys);
}
