package io.vwmedia.worker;

import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.ffmpeg.encode.FfmpegCommandBuilder;
import io.vwmedia.storage.ObjectStore;
import io.vwmedia.worker.cmaf.CmafFormatException;
import io.vwmedia.worker.cmaf.CmafInspector;
import io.vwmedia.worker.cmaf.TrackInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Brings a rung the managed leg encoded into our layout: reads every object the job wrote under the rung's staging
 * folder, tells the init segment from the media segments by their first box (names are the service's: {@code ftyp}
 * starts an init segment, {@code styp} or {@code moof} a media segment; manifests are left), orders the media
 * segments by their decode time, and stores them as our own workers' are ({@link StoredRung}: {@code init.mp4},
 * {@code seg_00001.m4s}…, the timeline beside them, CMAF checks on the way), so the packager sees no difference.
 */
final class ManagedOutputs {

  private ManagedOutputs() {}

  static RenditionResult.Builder store(RenditionTask task, String stagingPrefix, ObjectStore store, Path scratch)
      throws IOException {
    byte[] init = null;
    List<byte[]> media = new ArrayList<>();
    for (String key : store.list(stagingPrefix)) {
      if (key.endsWith(".m3u8") || key.endsWith(".mpd")) {
        continue;
      }
      byte[] bytes = store.read(key);
      String first = bytes.length >= 8 ? new String(bytes, 4, 4, StandardCharsets.US_ASCII) : "";
      switch (first) {
        case "ftyp" -> {
          if (init != null) {
            throw new CmafFormatException("two init segments under " + stagingPrefix);
          }
          init = bytes;
        }
        case "styp", "moof" -> media.add(bytes);
        default -> throw new CmafFormatException("not CMAF: " + key + " starts with '" + first + "'");
      }
    }
    if (init == null || media.isEmpty()) {
      throw new CmafFormatException("the managed leg left no " + (init == null ? "init segment" : "media segment")
          + " under " + stagingPrefix);
    }
    Files.createDirectories(scratch);
    Path initFile = scratch.resolve(FfmpegCommandBuilder.INIT_SEGMENT);
    Files.write(initFile, init);
    TrackInfo track = CmafInspector.readInit(initFile);
    // decode order: each segment's first tfdt, read from a file of its own
    List<Map.Entry<Long, Path>> ordered = new ArrayList<>();
    for (int i = 0; i < media.size(); i++) {
      Path unordered = scratch.resolve("staged-" + i + ".cmf");
      Files.write(unordered, media.get(i));
      ordered.add(Map.entry(CmafInspector.readSegment(unordered, track).baseDecodeTime(), unordered));
    }
    ordered.sort(Comparator.comparing(Map.Entry::getKey));
    for (int i = 0; i < ordered.size(); i++) {
      Files.move(ordered.get(i).getValue(), scratch.resolve(String.format(FfmpegCommandBuilder.SEGMENT_PATTERN, i + 1)));
    }
    return StoredRung.store(task, scratch, store, task.getOutputPrefix());
  }

  /** Removes the rung's staging folder once its result is out: what is left was copied. */
  static void clean(String stagingPrefix, ObjectStore store) {
    store.deletePrefix(stagingPrefix);
  }
}
