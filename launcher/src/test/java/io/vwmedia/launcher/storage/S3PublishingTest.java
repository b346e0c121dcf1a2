package io.vwmedia.launcher.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.aws.S3ProxyServer;
import io.vwmedia.config.Settings;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.Media;
import io.vwmedia.launcher.Playlists;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.worker.ProgressListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The whole pipeline on the embedded broker publishing to a real S3 API server (S3Proxy) through the AWS SDK, then
 * every manifest and a segment of each kind read back over plain HTTP with the headers a CDN and players need.
 */
class S3PublishingTest {

  static S3ProxyServer s3proxy;
  static S3Presigner presigner;
  static final HttpClient http = HttpClient.newHttpClient();
  @TempDir static Path media;

  @BeforeAll
  static void start() throws Exception {
    s3proxy = S3ProxyServer.start();
    // the SDK's default credential chain reads these, as it reads AWS_ACCESS_KEY_ID in a pod
    System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY));
    try (S3Client s3 = S3Client.builder().endpointOverride(s3proxy.endpoint()).region(Region.US_EAST_1)
        .forcePathStyle(true).credentialsProvider(credentials).build()) {
      s3.createBucket(b -> b.bucket("vw-media-e2e"));
    }
    presigner = S3Presigner.builder().endpointOverride(s3proxy.endpoint()).region(Region.US_EAST_1)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(credentials).build();
  }

  @AfterAll
  static void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    if (presigner != null) presigner.close();
    if (s3proxy != null) s3proxy.close();
  }

  /** A plain GET of a published URL, signed in its query string as a private bucket needs. */
  private static HttpResponse<String> get(String url) throws Exception {
    String key = url.substring((s3proxy.endpoint() + "/vw-media-e2e/").length());
    URI signed = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
        .getObjectRequest(g -> g.bucket("vw-media-e2e").key(key))).url().toURI();
    return http.send(HttpRequest.newBuilder(signed).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
  }

  @Test
  void publishesEveryManifestAndSegmentToS3WithItsContentTypeAndCacheControl(@TempDir Path data) throws Exception {
    Path clip = Media.generate(media.resolve("clip.mp4"), "testsrc2=size=640x360:rate=25", 5, true);
    Settings settings = Settings.of(Map.of(
        "vw.worker.x264-preset", "superfast",
        "vw.source.file-roots", System.getProperty("java.io.tmpdir"),
        "vw.storage.uri", "s3://vw-media-e2e/vod",
        "vw.storage.s3.endpoint", s3proxy.endpoint().toString()));

    AssetPublished published;
    try (EmbeddedStack stack = EmbeddedStack.start(data, settings, ProgressListener.NONE, false);
        PublishedWatcher watcher = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), false);
        UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
      submitter.submit(UploadRequested.newBuilder().setAssetId("s3-1").setSourceUri(clip.toUri().toString())
          .setCorrelationId("test-s3-1").setRequestedAt(Instant.now()).build());
      published = watcher.await(Set.of("s3-1"), Instant.now().plus(Duration.ofMinutes(3)), e -> {}).get("s3-1");
    }

    assertThat(published.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
    String base = s3proxy.endpoint() + "/vw-media-e2e/vod/assets/s3-1/";
    String manifests = s3proxy.endpoint() + "/vw-media-e2e/vod/manifests/s3-1/";
    assertThat(published.getHlsUrl()).isEqualTo(manifests + "master.m3u8");
    assertThat(published.getDashUrl()).isEqualTo(manifests + "manifest.mpd");
    assertThat(get(published.getHlsVersionUrl()).statusCode()).isEqualTo(200);

    HttpResponse<String> master = get(published.getHlsUrl());
    assertThat(master.statusCode()).isEqualTo(200);
    assertThat(master.body()).startsWith("#EXTM3U").contains("../../assets/s3-1/360p/playlist.m3u8");
    assertThat(master.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
    assertThat(master.headers().firstValue("Cache-Control")).hasValue("public, max-age=2");

    HttpResponse<String> mpd = get(published.getDashUrl());
    assertThat(mpd.body()).contains("<MPD");
    assertThat(mpd.headers().firstValue("Content-Type")).hasValue("application/dash+xml");
    assertThat(mpd.headers().firstValue("Cache-Control")).hasValue("public, max-age=2");

    // each rung's files are where its playlist names them: in the folder of the encode that counted
    for (String rung : new String[] {"360p", "audio"}) {
      String playlist = get(base + rung + "/playlist.m3u8").body();
      String encode = Playlists.encodeFolder(playlist);
      String folder = base + rung + "/" + encode;
      assertThat(playlist).contains(encode + "seg_00001.m4s");
      HttpResponse<String> init = get(folder + "init.mp4");
      assertThat(init.body().substring(4, 8)).isEqualTo("ftyp");
      assertThat(init.headers().firstValue("Content-Type")).hasValue("video/mp4");
      assertThat(init.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
      HttpResponse<String> segment = get(folder + "seg_00001.m4s");
      assertThat(segment.statusCode()).isEqualTo(200);
      assertThat(segment.body()).contains("moof", "mdat");
      assertThat(segment.headers().firstValue("Content-Type")).hasValue("video/iso.segment");
      assertThat(segment.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
    }
  }
}
