package io.vwmedia.launcher.stack;

import io.vwmedia.aws.CloudFrontInvalidator;
import io.vwmedia.aws.S3Config;
import io.vwmedia.aws.S3ObjectStore;
import io.vwmedia.aws.StorageSettings;
import io.vwmedia.config.Settings;
import io.vwmedia.storage.CdnInvalidator;
import io.vwmedia.storage.LocalObjectStore;
import io.vwmedia.storage.ObjectStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Where segments and manifests go and which CDN hears about it, chosen once at start-up from settings: a local
 * folder by default; S3 or an S3-compatible store when {@code vw.storage.uri} is {@code s3://bucket/prefix}
 * (credentials from the AWS SDK's default chain: environment, system properties, profile, container or instance
 * role); CloudFront invalidations when {@code vw.cdn.cloudfront.distribution-id} is set.
 *
 * @param localRoot the folder, for the local store only: what the embedded origin serves
 * @param description one line for logs and the console
 * @param uri {@code vw.storage.uri} as it was chosen: {@code s3://bucket/prefix}, or empty for a local folder
 */
public record StorageBackend(ObjectStore store, CdnInvalidator cdn, Optional<Path> localRoot, String description, String uri) {

  public static StorageBackend from(Settings settings, Path defaultLocalRoot) {
    String uri = settings.find(StorageSettings.STORAGE_URI).orElse("");
    ObjectStore store;
    Optional<Path> localRoot;
    String description;
    String keyPrefix = "";
    if (S3Config.isS3(uri)) {
      S3Config config = S3Config.from(settings);
      store = new S3ObjectStore(S3ObjectStore.client(config, DefaultCredentialsProvider.builder().build()), config);
      localRoot = Optional.empty();
      keyPrefix = config.prefix();
      description = uri + config.endpoint().map(e -> " at " + e).orElse("");
    } else {
      Path root = uri.isEmpty() ? defaultLocalRoot : Path.of(uri.startsWith("file:") ? URI.create(uri).getPath() : uri);
      store = new LocalObjectStore(root);
      localRoot = Optional.of(root);
      description = root.toString();
    }
    CdnInvalidator cdn = CdnInvalidator.NONE;
    Optional<String> distribution = settings.find(StorageSettings.CLOUDFRONT_DISTRIBUTION_ID);
    if (distribution.isPresent()) {
      cdn = new CloudFrontInvalidator(
          CloudFrontInvalidator.client(settings.find(StorageSettings.CLOUDFRONT_ENDPOINT),
              DefaultCredentialsProvider.builder().build(), settings.get(StorageSettings.CLOUDFRONT_MAX_ATTEMPTS)),
          distribution.get(),
          settings.find(StorageSettings.CLOUDFRONT_ORIGIN_PATH).orElse(keyPrefix));
      description += ", CloudFront " + distribution.get();
    }
    return new StorageBackend(store, cdn, localRoot, description, S3Config.isS3(uri) ? uri : "");
  }
}
