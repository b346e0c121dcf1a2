package io.vwmedia.aws;

import io.vwmedia.config.ConfigException;
import io.vwmedia.config.Settings;
import java.net.URI;
import java.util.Optional;

/**
 * Where and how the S3 store writes, read once at start-up from {@code vw.storage.*} settings and validated.
 *
 * @param bucket the bucket, from {@code vw.storage.uri} ({@code s3://bucket/prefix})
 * @param prefix the key prefix inside it, empty or ending in {@code /}
 * @param endpoint a custom endpoint for S3-compatible stores ({@code vw.storage.s3.endpoint}); AWS's own when empty
 * @param region the signing region ({@code vw.storage.s3.region}, default {@code us-east-1})
 * @param pathStyle bucket in the path rather than the host name ({@code vw.storage.s3.path-style}; default true with
 *     a custom endpoint, false on AWS)
 * @param maxAttempts attempts per request, the SDK's standard retry with backoff ({@code vw.storage.s3.max-attempts},
 *     default 5)
 * @param multipartThresholdBytes files this large or larger go up in parts ({@code vw.storage.s3.multipart-threshold-mb},
 *     default 16)
 * @param partSizeBytes the size of each part ({@code vw.storage.s3.part-size-mb}, default 8; S3's minimum is 5)
 * @param publicBaseUrl where players read the stored objects, e.g. the CloudFront domain ({@code vw.storage.public-base-url})
 */
public record S3Config(
    String bucket,
    String prefix,
    Optional<URI> endpoint,
    String region,
    boolean pathStyle,
    int maxAttempts,
    long multipartThresholdBytes,
    long partSizeBytes,
    Optional<String> publicBaseUrl) {

  private static final long MIB = 1024L * 1024;

  public static boolean isS3(String storageUri) {
    return storageUri != null && storageUri.startsWith("s3://");
  }

  public static S3Config from(Settings s) {
    String uri = s.string("vw.storage.uri", "");
    if (!isS3(uri)) {
      throw new ConfigException("vw.storage.uri must be s3://bucket[/prefix], was '" + uri + "'");
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new ConfigException("vw.storage.uri: '" + bucket + "' is not a valid S3 bucket name");
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    Optional<URI> endpoint = s.optional("vw.storage.s3.endpoint").map(e -> {
      URI parsed = URI.create(e);
      if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
        throw new ConfigException("vw.storage.s3.endpoint must be an http(s) URL, was '" + e + "'");
      }
      return parsed;
    });
    int partMb = s.integer("vw.storage.s3.part-size-mb", 8, 5, 5 * 1024);
    return new S3Config(
        bucket,
        prefix,
        endpoint,
        s.string("vw.storage.s3.region", "us-east-1"),
        s.bool("vw.storage.s3.path-style", endpoint.isPresent()),
        s.integer("vw.storage.s3.max-attempts", 5, 1, 20),
        s.integer("vw.storage.s3.multipart-threshold-mb", 16, 5, 5 * 1024) * MIB,
        partMb * MIB,
        s.optional("vw.storage.public-base-url").map(u -> u.endsWith("/") ? u : u + "/"));
  }
}
