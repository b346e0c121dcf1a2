package io.vwmedia.launcher.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalOriginServerTest {

  @TempDir Path root;
  @TempDir Path outside;
  LocalOriginServer origin;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void serve() throws IOException {
    Files.createDirectories(root.resolve("assets/a1/720p"));
    Files.writeString(root.resolve("assets/a1/master.m3u8"), "#EXTM3U\n");
    Files.writeString(root.resolve("assets/a1/manifest.mpd"), "<MPD/>");
    Files.write(root.resolve("assets/a1/720p/seg_00001.m4s"), "0123456789".getBytes(StandardCharsets.US_ASCII));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(root.resolve("assets/a1/link.txt"), outside.resolve("secret.txt"));
    origin = LocalOriginServer.start(root, 0);
  }

  @AfterEach
  void stop() {
    origin.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + origin.port() + path));
    if (headers.length > 0) b.headers(headers);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesManifestsAndSegmentsWithTheMimeTypesAndCacheHeadersPlayersExpect() throws Exception {
    HttpResponse<String> master = get("/assets/a1/master.m3u8");
    assertThat(master.statusCode()).isEqualTo(200);
    assertThat(master.body()).isEqualTo("#EXTM3U\n");
    assertThat(master.headers().firstValue("Content-Type")).hasValue("application/vnd.apple.mpegurl");
    assertThat(master.headers().firstValue("Cache-Control")).hasValue("public, max-age=2");
    assertThat(master.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    assertThat(get("/assets/a1/manifest.mpd").headers().firstValue("Content-Type")).hasValue("application/dash+xml");
    HttpResponse<String> segment = get("/assets/a1/720p/seg_00001.m4s");
    assertThat(segment.headers().firstValue("Content-Type")).hasValue("video/iso.segment");
    assertThat(segment.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
    assertThat(segment.headers().firstValue("Accept-Ranges")).hasValue("bytes");
  }

  @Test
  void answersByteRangesInEveryForm() throws Exception {
    HttpResponse<String> middle = get("/assets/a1/720p/seg_00001.m4s", "Range", "bytes=2-5");
    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(middle.body()).isEqualTo("2345");
    assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 2-5/10");
    assertThat(get("/assets/a1/720p/seg_00001.m4s", "Range", "bytes=7-").body()).isEqualTo("789");
    assertThat(get("/assets/a1/720p/seg_00001.m4s", "Range", "bytes=-3").body()).isEqualTo("789");
    assertThat(get("/assets/a1/720p/seg_00001.m4s", "Range", "bytes=5-100").body()).isEqualTo("56789");
    HttpResponse<String> beyond = get("/assets/a1/720p/seg_00001.m4s", "Range", "bytes=10-20");
    assertThat(beyond.statusCode()).isEqualTo(416);
    assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */10");
  }

  @Test
  void answersCorsPreflightAndHeadWithoutABody() throws Exception {
    HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + origin.port() + "/assets/a1/master.m3u8"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Access-Control-Request-Headers", "range").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Range");
    HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + origin.port() + "/assets/a1/720p/seg_00001.m4s"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue("10");
    assertThat(head.body()).isEmpty();
  }

  @Test
  void neverServesAnythingOutsideItsRoot() throws Exception {
    assertThat(get("/assets/a1/missing.m3u8").statusCode()).isEqualTo(404);
    assertThat(get("/assets/a1/link.txt").statusCode()).as("symlink out of the root").isEqualTo(404);
    assertThat(get("/assets/%2e%2e/%2e%2e/" + outside.getFileName() + "/secret.txt").statusCode()).isEqualTo(404);
    for (String raw : new String[] {"/../" + outside.getFileName() + "/secret.txt", "/assets/../../etc/passwd", "//etc/passwd"}) {
      assertThat(rawStatus(raw)).as(raw).isIn(400, 404);
    }
  }

  /** Sends a request line as written, which HttpClient would normalise. */
  private int rawStatus(String path) throws IOException {
    try (Socket socket = new Socket("localhost", origin.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(status.substring(9, 12));
    }
  }
}
