package io.vwmedia.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest {

  @TempDir Path dir;

  @Test
  void storesBytesAndFilesUnderTheirKeys() throws Exception {
    LocalObjectStore store = new LocalObjectStore(dir);
    store.put("assets/a1/master.m3u8", "#EXTM3U\n".getBytes(StandardCharsets.UTF_8), ContentTypes.HLS_PLAYLIST);
    Path source = Files.writeString(dir.resolve("seg.tmp"), "segment");
    store.put("assets/a1/720p/seg_00001.m4s", source, ContentTypes.CMAF_SEGMENT);

    assertThat(store.read("assets/a1/master.m3u8")).asString(StandardCharsets.UTF_8).isEqualTo("#EXTM3U\n");
    assertThat(store.exists("assets/a1/720p/seg_00001.m4s")).isTrue();
    assertThat(store.locate("assets/a1/master.m3u8")).isEqualTo(dir.toRealPath().resolve("assets/a1/master.m3u8").toString());
    try (var leftovers = Files.walk(dir)) {
      assertThat(leftovers.filter(p -> p.getFileName().toString().endsWith(".tmp") && !p.equals(source))).isEmpty();
    }
  }

  @Test
  void rejectsKeysThatWouldLeaveTheRoot() {
    LocalObjectStore store = new LocalObjectStore(dir);
    for (String key : new String[] {"../x", "a/../../x", "/etc/passwd", "a//b", ".hidden", "a/./b", ""}) {
      assertThatThrownBy(() -> store.put(key, new byte[0], ContentTypes.OCTET_STREAM))
          .as(key)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void deletesEverythingUnderAPrefixAndNothingElse() {
    LocalObjectStore store = new LocalObjectStore(dir);
    store.put("assets/a1/360p/init.mp4", new byte[] {1}, ContentTypes.MP4);
    store.put("assets/a1/720p/init.mp4", new byte[] {1}, ContentTypes.MP4);
    store.put("assets/a10/360p/init.mp4", new byte[] {1}, ContentTypes.MP4);

    store.deletePrefix("assets/a1/");

    assertThat(store.exists("assets/a1/360p/init.mp4")).isFalse();
    assertThat(store.exists("assets/a1/720p/init.mp4")).isFalse();
    assertThat(store.exists("assets/a10/360p/init.mp4")).isTrue();
  }

  @Test
  void listsAndDeletesSingleObjects() {
    LocalObjectStore store = new LocalObjectStore(dir);
    store.put("assets/a1/360p/seg_00002.m4s", new byte[] {1}, ContentTypes.CMAF_SEGMENT);
    store.put("assets/a1/360p/seg_00001.m4s", new byte[] {1}, ContentTypes.CMAF_SEGMENT);
    store.put("assets/a10/360p/init.mp4", new byte[] {1}, ContentTypes.MP4);

    assertThat(store.list("assets/a1/")).containsExactly("assets/a1/360p/seg_00001.m4s", "assets/a1/360p/seg_00002.m4s");
    assertThat(store.list("assets/a1/360p/seg_")).hasSize(2);
    assertThat(store.list("assets/none/")).isEmpty();

    store.delete("assets/a1/360p/seg_00002.m4s");
    store.delete("assets/a1/360p/never-there.m4s");
    assertThat(store.list("assets/a1/")).containsExactly("assets/a1/360p/seg_00001.m4s");
  }

  @Test
  void knowsTheMimeTypesPlayersExpect() {
    assertThat(ContentTypes.forName("master.m3u8")).isEqualTo("application/vnd.apple.mpegurl");
    assertThat(ContentTypes.forName("manifest.mpd")).isEqualTo("application/dash+xml");
    assertThat(ContentTypes.forName("seg_00001.m4s")).isEqualTo("video/iso.segment");
    assertThat(ContentTypes.forName("init.mp4")).isEqualTo("video/mp4");
    assertThat(ContentTypes.isManifest("x/playlist.m3u8")).isTrue();
    assertThat(ContentTypes.isManifest("x/init.mp4")).isFalse();
  }
}
