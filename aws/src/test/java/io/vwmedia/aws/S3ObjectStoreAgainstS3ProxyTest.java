package io.vwmedia.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vwmedia.config.Settings;
import io.vwmedia.storage.ContentTypes;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 store through the real AWS SDK against a real S3 API server (S3Proxy), with AWS signatures checked, read
 * back over plain HTTP GETs (query-string signed, as a private bucket behind a CDN's origin access needs).
 */
class S3ObjectStoreAgainstS3ProxyTest {

  static S3ProxyServer server;
  static S3ObjectStore store;
  static S3Client s3;
  static S3Presigner presigner;
  static final HttpClient http = HttpClient.newHttpClient();
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = S3ProxyServer.start();
    S3Config config = S3Config.from(Settings.of(Map.of(
        "vw.storage.uri", "s3://vw-media-test/media",
        "vw.storage.s3.endpoint", server.endpoint().toString(),
        "vw.storage.s3.multipart-threshold-mb", "5",
        "vw.storage.s3.part-size-mb", "5")));
    s3 = S3ObjectStore.client(config, StaticCredentialsProvider.create(
        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)));
    s3.createBucket(b -> b.bucket("vw-media-test"));
    presigner = S3Presigner.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))).build();
    store = new S3ObjectStore(s3, config);
  }

  @AfterAll
  static void stop() {
    if (store != null) store.close();
    if (server != null) server.close();
  }

  /** A plain HTTP GET of the object's URL, signed in the query string as a private bucket behind a CDN would need. */
  private static HttpResponse<byte[]> get(String url) throws Exception {
    String key = url.substring((server.endpoint() + "/vw-media-test/").length());
    URI signed = presigner.presignGetObject(b -> b.signatureDuration(java.time.Duration.ofMinutes(5))
        .getObjectRequest(g -> g.bucket("vw-media-test").key(key))).url().toURI();
    return http.send(HttpRequest.newBuilder(signed).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void storesSegmentsImmutableAndManifestsBrieflyCachedWithTheirContentTypes() throws Exception {
    Path segment = Files.write(dir.resolve("seg_00001.m4s"), new byte[] {1, 2, 3, 4});
    store.put("assets/a1/360p/seg_00001.m4s", segment, ContentTypes.CMAF_SEGMENT);
    store.put("assets/a1/master.m3u8", "#EXTM3U\n".getBytes(StandardCharsets.UTF_8), ContentTypes.HLS_PLAYLIST);

    String segmentUrl = store.locate("assets/a1/360p/seg_00001.m4s");
    assertThat(segmentUrl).isEqualTo(server.endpoint() + "/vw-media-test/media/assets/a1/360p/seg_00001.m4s");
    HttpResponse<byte[]> seg = get(segmentUrl);
    assertThat(seg.statusCode()).isEqualTo(200);
    assertThat(seg.body()).containsExactly(1, 2, 3, 4);
    assertThat(seg.headers().firstValue("Content-Type")).hasValue("video/iso.segment");
    assertThat(seg.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");

    HttpResponse<byte[]> master = get(store.locate("assets/a1/master.m3u8"));
    assertThat(master.statusCode()).isEqualTo(200);
    assertThat(new String(master.body(), StandardCharsets.UTF_8)).isEqualTo("#EXTM3U\n");
    assertThat(master.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
    assertThat(master.headers().firstValue("Cache-Control")).hasValue("public, max-age=2");
  }

  @Test
  void uploadsAFileLargerThanTheThresholdInPartsAndReadsItBackWhole() throws Exception {
    byte[] content = new byte[12 * 1024 * 1024 + 123]; // three 5 MiB parts, the last one short
    new Random(42).nextBytes(content);
    Path big = Files.write(dir.resolve("big.m4s"), content);

    store.put("assets/a2/1080p/seg_00001.m4s", big, ContentTypes.CMAF_SEGMENT);

    byte[] back = get(store.locate("assets/a2/1080p/seg_00001.m4s")).body();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    assertThat(sha.digest(back)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
    assertThat(s3.headObject(b -> b.bucket("vw-media-test").key("media/assets/a2/1080p/seg_00001.m4s")).eTag())
        .as("a multipart upload's ETag ends in its part count").endsWith("-3\"");
    assertThat(s3.listMultipartUploads(b -> b.bucket("vw-media-test")).uploads()).as("nothing left half-uploaded").isEmpty();
  }

  @Test
  void listsExistsAndDeletesUnderTheStorePrefixOnly() {
    store.put("assets/a3/360p/init.mp4", new byte[] {0}, ContentTypes.MP4);
    store.put("assets/a3/360p/seg_00001.m4s", new byte[] {1}, ContentTypes.CMAF_SEGMENT);
    store.put("assets/a3/master.m3u8", new byte[] {2}, ContentTypes.HLS_PLAYLIST);
    s3.putObject(b -> b.bucket("vw-media-test").key("other/assets/a3/keep.txt"),
        software.amazon.awssdk.core.sync.RequestBody.fromString("not ours"));

    assertThat(store.list("assets/a3/")).containsExactly(
        "assets/a3/360p/init.mp4", "assets/a3/360p/seg_00001.m4s", "assets/a3/master.m3u8");
    assertThat(store.exists("assets/a3/master.m3u8")).isTrue();
    assertThat(store.read("assets/a3/master.m3u8")).containsExactly(2);

    store.delete("assets/a3/master.m3u8");
    store.deletePrefix("assets/a3/360p/");

    assertThat(store.exists("assets/a3/master.m3u8")).isFalse();
    assertThat(store.list("assets/a3/")).isEmpty();
    assertThat(s3.headObject(b -> b.bucket("vw-media-test").key("other/assets/a3/keep.txt")).contentLength()).isEqualTo(8);
  }

  @Test
  void refusesKeysThatWouldEscapeTheStorePrefix() {
    assertThatThrownBy(() -> store.put("../escape.m3u8", new byte[0], ContentTypes.HLS_PLAYLIST))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesTheObjectWhenTheServerRefuses() {
    S3Config wrongBucket = S3Config.from(Settings.of(Map.of(
        "vw.storage.uri", "s3://no-such-bucket/media", "vw.storage.s3.endpoint", server.endpoint().toString(),
        "vw.storage.s3.max-attempts", "1")));
    S3ObjectStore missing = new S3ObjectStore(s3, wrongBucket);

    assertThatThrownBy(() -> missing.read("assets/a1/master.m3u8"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("s3://no-such-bucket/media/assets/a1/master.m3u8");
  }
}
