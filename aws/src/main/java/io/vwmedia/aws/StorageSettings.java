package io.vwmedia.aws;

import io.vwmedia.config.Setting;
import io.vwmedia.config.SettingsGroup;
import java.net.URI;
import java.util.List;

/** Where segments and manifests are stored ({@link S3Config} for S3) and which CDN hears about changes. */
public final class StorageSettings extends SettingsGroup.Declared {

  public static final Setting<String> STORAGE_URI = Setting.optionalString("vw.storage.uri",
      "a folder, or `s3://bucket/prefix` for S3 and S3-compatible stores (`--storage` on `topology` and `worker` sets"
          + " it). Credentials come from the AWS SDK's default chain: `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`,"
          + " `aws.accessKeyId` / `aws.secretAccessKey` system properties, a profile, or the pod's or instance's role")
      .check(v -> !S3Config.isS3(v) || S3Config.validBucket(S3Config.bucket(v)),
          "a folder, or s3://bucket[/prefix] with a valid S3 bucket name")
      .defaultText("`<data-dir>/storage`");
  public static final Setting<URI> S3_ENDPOINT = Setting.url("vw.storage.s3.endpoint",
      "endpoint of an S3-compatible store, e.g. `http://minio:9000`").defaultText("AWS");
  public static final Setting<String> S3_REGION = Setting.string("vw.storage.s3.region", "us-east-1",
      "signing region");
  public static final Setting<Boolean> S3_PATH_STYLE = Setting.bool("vw.storage.s3.path-style", false,
      "bucket in the path rather than the host name").defaultText("true with an endpoint, else false");
  public static final Setting<Integer> S3_MAX_ATTEMPTS = Setting.integer("vw.storage.s3.max-attempts", 5, 1, 20,
      "attempts per request: the SDK's standard retry, exponential backoff with jitter");
  public static final Setting<Integer> S3_MULTIPART_THRESHOLD_MB = Setting.integer(
      "vw.storage.s3.multipart-threshold-mb", 16, 5, 5 * 1024,
      "files this large or larger go up as multipart uploads (aborted on failure, so no orphaned parts)");
  public static final Setting<Integer> S3_PART_SIZE_MB = Setting.integer("vw.storage.s3.part-size-mb", 8, 5, 5 * 1024,
      "part size, at least S3's 5 MiB");
  public static final Setting<String> CLOUDFRONT_DISTRIBUTION_ID = Setting.optionalString("vw.cdn.cloudfront.distribution-id",
      "invalidate changed manifests on this distribution after each publish");
  public static final Setting<String> CLOUDFRONT_ORIGIN_PATH = Setting.optionalString("vw.cdn.cloudfront.origin-path",
      "what the distribution's origin path leaves out of a storage key").defaultText("the S3 prefix");
  public static final Setting<URI> CLOUDFRONT_ENDPOINT = Setting.url("vw.cdn.cloudfront.endpoint",
      "a different API endpoint (tests, proxies)").defaultText("CloudFront");
  public static final Setting<Integer> CLOUDFRONT_MAX_ATTEMPTS = Setting.integer("vw.cdn.cloudfront.max-attempts", 5,
      1, 20, "attempts per invalidation request");

  public StorageSettings() {
    super("storage", "Storage and CDN", List.of("run", "serve", "topology", "worker"),
        STORAGE_URI, S3_ENDPOINT, S3_REGION, S3_PATH_STYLE, S3_MAX_ATTEMPTS, S3_MULTIPART_THRESHOLD_MB, S3_PART_SIZE_MB,
        CLOUDFRONT_DISTRIBUTION_ID, CLOUDFRONT_ORIGIN_PATH, CLOUDFRONT_ENDPOINT, CLOUDFRONT_MAX_ATTEMPTS);
  }
}
