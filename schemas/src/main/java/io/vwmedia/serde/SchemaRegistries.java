package io.vwmedia.serde;

import java.nio.file.Path;

/** Picks the registry client a URL names: {@code http(s)://} a REST registry, {@code mem:} memory, else a local folder. */
public final class SchemaRegistries {

  private SchemaRegistries() {}

  public static SchemaRegistryClient fromUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("schema registry URL is empty: give an http(s) URL, a folder, or mem:");
    }
    if (url.startsWith("http://") || url.startsWith("https://")) {
      return new RestSchemaRegistryClient(url);
    }
    if (url.equals("mem:")) {
      return new LocalSchemaRegistryClient();
    }
    if (url.startsWith("file:")) {
      return new LocalSchemaRegistryClient(Path.of(java.net.URI.create(url)));
    }
    if (url.matches("^[a-z][a-z0-9+.-]*:.*") && !url.matches("^[A-Za-z]:\\\\.*")) {
      throw new IllegalArgumentException("schema registry URL '" + url + "' is not supported: give an http(s) URL, a folder, file:/dir or mem:");
    }
    return new LocalSchemaRegistryClient(Path.of(url));
  }
}
