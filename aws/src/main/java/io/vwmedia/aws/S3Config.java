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
 */
public record S3Config(
    String bucket,
    String prefix,
    Optional<URI> endpoint,
    String region,
    boolean pathStyle,
    int maxAttempts,
    long multipartThresholdBytes,
    long partSizeBytes) {

  private static final long MIB = 1024L * 1024;

  public static boolean isS3(String storageUri) {
    return storageUri != null && storageUri.startsWith("s3://");
  }

  /** The bucket of {@code s3://bucket/prefix}. */
  static String bucket(String s3Uri) {
    String rest = s3Uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  static boolean validBucket(String bucket) {
    return bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  }

  public static S3Config from(Settings s) {
    String uri = s.find(StorageSettings.STORAGE_URI).orElse("");
    if (!isS3(uri)) {
      throw new ConfigException("vw.storage.uri must be s3://bucket[/prefix], was '" + uri + "'");
    }
    String bucket = bucket(uri);
    String prefix = uri.substring("s3://".length() + bucket.length()).replaceFirst("^/", "");
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    Optional<URI> endpoint = s.find(StorageSettings.S3_ENDPOINT);
    return new S3Config(
        bucket,
        prefix,
        endpoint,
        s.get(StorageSettings.S3_REGION),
        s.find(StorageSettings.S3_PATH_STYLE).orElse(endpoint.isPresent()),
        s.get(StorageSettings.S3_MAX_ATTEMPTS),
        s.get(StorageSettings.S3_MULTIPART_THRESHOLD_MB) * MIB,
        s.get(StorageSettings.S3_PART_SIZE_MB) * MIB);
  }
}
