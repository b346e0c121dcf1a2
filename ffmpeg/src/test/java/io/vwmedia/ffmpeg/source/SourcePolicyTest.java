package io.vwmedia.ffmpeg.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vwmedia.config.ConfigException;
import io.vwmedia.config.Settings;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcePolicyTest {

  @TempDir Path uploads;
  @TempDir Path elsewhere;

  SourcePolicy policy() {
    return new SourcePolicy(Set.of("file", "http", "https"), List.of(uploads), false, 1000);
  }

  @Test
  void aFileUnderAnAllowedFolderIsOpenedAsAFileOnlyAndOnlyAsAVideoContainer() throws Exception {
    Path clip = Files.write(uploads.resolve("clip.mp4"), new byte[100]);

    FfmpegInput input = policy().check(clip.toUri().toString());

    assertThat(input.url()).isEqualTo("file:" + clip.toRealPath());
    assertThat(input.args()).containsSubsequence("-protocol_whitelist", "file", "-format_whitelist")
        .endsWith("-i", "file:" + clip.toRealPath());
    assertThat(input.options().get(3)).contains("mov", "matroska").doesNotContain("hls", "concat", "image2", "dash");
  }

  @Test
  void noFileOutsideTheAllowedFoldersWhateverPathLeadsThere() throws Exception {
    Path secret = Files.write(elsewhere.resolve("secret.mp4"), new byte[100]);
    Path link = Files.createSymbolicLink(uploads.resolve("innocent.mp4"), secret);

    assertRefused(secret.toUri().toString(), "is outside the folders sources may be read from");
    assertRefused(link.toUri().toString(), "is outside the folders sources may be read from");
    assertRefused(uploads.toUri() + "../" + elsewhere.getFileName() + "/secret.mp4", "is outside the folders");
    assertRefused("file:///etc/passwd", "is outside the folders");
    assertRefused("file://otherhost/etc/passwd", "must be file:///absolute/path");
  }

  @Test
  void emptyMissingOversizedAndNonRegularFilesAreRefusedWithTheirReason() throws Exception {
    assertRefused(Files.write(uploads.resolve("empty.mp4"), new byte[0]).toUri().toString(),
        "the source file is empty (0 bytes)");
    assertRefused(uploads.resolve("missing.mp4").toUri().toString(), "does not exist");
    assertRefused(Files.write(uploads.resolve("big.mp4"), new byte[2000]).toUri().toString(), "above the limit");
    assertRefused(Files.createDirectory(uploads.resolve("folder.mp4")).toUri().toString(), "is not a regular file");
  }

  @Test
  void onlyTheAllowedSchemes() {
    assertRefused("ftp://example.com/a.mp4", "scheme 'ftp' is not allowed");
    assertRefused("concat:/etc/passwd", "scheme 'concat' is not allowed");
    assertRefused("/etc/passwd", "scheme '' is not allowed");
    assertRefused("data:text/plain,hello", "scheme 'data' is not allowed");
    assertThatThrownBy(() -> new SourcePolicy(Set.of("gopher"), List.of(), false, 1))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'gopher' is not one of");
  }

  @Test
  void noRequestToLoopbackLinkLocalOrPrivateAddressesUnlessAllowed() throws Exception {
    assertRefused("http://127.0.0.1:8080/a.mp4", "resolves to 127.0.0.1, an internal address");
    assertRefused("http://localhost/a.mp4", "an internal address");
    assertRefused("http://169.254.169.254/latest/meta-data/", "resolves to 169.254.169.254");
    assertRefused("http://10.1.2.3/a.mp4", "an internal address");
    assertRefused("http://[::1]/a.mp4", "an internal address");
    assertRefused("http://[fd00::1]/a.mp4", "an internal address");
    assertRefused("http://100.64.0.1/a.mp4", "an internal address");
    assertRefused("https://user:pass@example.com/a.mp4", "may not carry credentials");
    assertThat(SourcePolicy.internal(InetAddress.getByName("93.184.215.14"))).isFalse();

    SourcePolicy lab = new SourcePolicy(Set.of("http"), List.of(), true, 1);
    FfmpegInput input = lab.check("http://127.0.0.1:8080/a.mp4");
    assertThat(input.options()).containsSubsequence("-protocol_whitelist", "http,https,tcp,tls");
  }

  @Test
  void configuredFromSettingsWithTheWorkingDirectoryAsTheDefaultRoot() {
    SourcePolicy defaults = SourcePolicy.from(Settings.of(Map.of()));
    assertThat(defaults.fileRoots()).containsExactly(Path.of("").toAbsolutePath());

    SourcePolicy configured = SourcePolicy.from(Settings.of(Map.of(
        "vw.source.file-roots", uploads + " , " + elsewhere, "vw.source.schemes", "https")));
    assertThat(configured.fileRoots()).hasSize(2);
    assertThatThrownBy(() -> configured.check(uploads.resolve("a.mp4").toUri().toString()))
        .hasMessageContaining("scheme 'file' is not allowed (allowed: https");
  }

  private void assertRefused(String uri, String reason) {
    assertThatThrownBy(() -> policy().check(uri)).as(uri)
        .isInstanceOf(SourceRefusedException.class).hasMessageContaining(reason);
  }

  @Test
  void aProbedSourceLongerOrLargerThanTheLimitsIsRefused() throws Exception {
    SourcePolicy limits = new SourcePolicy(Set.of("file"), List.of(uploads), false, 1000, java.time.Duration.ofMinutes(10), 4096);

    limits.checkMedia(600, 4096, 2160);
    assertThatThrownBy(() -> limits.checkMedia(601, 1920, 1080))
        .hasMessage("the source is 601 s long, above the limit of 600 s (vw.source.max-duration)");
    assertThatThrownBy(() -> limits.checkMedia(10, 2160, 7680))
        .hasMessageContaining("2160x7680, above the limit of 4096 pixels on its longer side");
  }

  @Test
  void anObjectSourceIsSignedByTheProcessThenFetchedAsAnyRemoteSource() throws Exception {
    SourcePolicy objects = new SourcePolicy(Set.of("s3", "http"), List.of(), true, 1000)
        .withSigner(uri -> java.net.URI.create("http://127.0.0.1:9000/" + uri.getHost() + uri.getPath() + "?X-Amz-Signature=abc"));

    FfmpegInput input = objects.check("s3://vw-media-sources-prod/uploads/clip.mp4");

    assertThat(input.url()).isEqualTo("http://127.0.0.1:9000/vw-media-sources-prod/uploads/clip.mp4?X-Amz-Signature=abc");
    assertThat(input.args()).containsSubsequence("-protocol_whitelist", "http,https,tcp,tls");
  }

  @Test
  void anObjectSourceIsRefusedWithoutCredentialsToSignItOrWhenItNamesNoObject() {
    SourcePolicy unsigned = new SourcePolicy(Set.of("s3"), List.of(), false, 1000);
    SourcePolicy signed = unsigned.withSigner(uri -> java.net.URI.create("ftp://example.com/x"));

    assertThatThrownBy(() -> unsigned.check("s3://bucket/key.mp4")).hasMessageContaining("no storage credentials");
    assertThatThrownBy(() -> signed.check("s3://bucket/")).hasMessageContaining("s3://bucket/key");
    assertThatThrownBy(() -> signed.check("s3://bucket/key.mp4")).hasMessageContaining("may not fetch");
    assertThat(unsigned.allowsObjectSources()).isTrue();
    assertThat(policy().allowsObjectSources()).isFalse();
  }
}
