package io.vwmedia.topology.publish;

import io.vwmedia.storage.ObjectStore;
import java.util.Optional;

/**
 * Where viewers reach a storage key: below {@code vw.publish.base-url} when set (a CDN or the origin), else the
 * store's own location. One rule for the published events and the status API, so both hand out the same URLs.
 */
public final class PublicUrls {

  private final ObjectStore store;
  private final Optional<String> baseUrl;

  /** @param baseUrl where viewers reach the store; empty: {@link ObjectStore#locate}, e.g. local paths */
  public PublicUrls(ObjectStore store, Optional<String> baseUrl) {
    this.store = store;
    this.baseUrl = baseUrl.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
  }

  public String of(String key) {
    return baseUrl.map(base -> base + "/" + key).orElseGet(() -> store.locate(key));
  }
}
