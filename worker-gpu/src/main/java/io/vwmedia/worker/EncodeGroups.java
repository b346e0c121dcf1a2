package io.vwmedia.worker;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.ffmpeg.encode.Encoder;
import io.vwmedia.ffmpeg.encode.EncoderSelection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which tasks of one poll are encoded together, by one FFmpeg run that decodes their source once, and in what order.
 */
final class EncodeGroups {

  private final boolean firstRungFirst;
  private final EncoderSelection encoders;

  /**
   * @param firstRungFirst a source's lowest video rung and its audio run first, on their own
   *     ({@code vw.worker.first-rung-first})
   * @param encoders the worker's encoders: rungs whose encoders read the source differently do not share a decode
   */
  EncodeGroups(boolean firstRungFirst, EncoderSelection encoders) {
    this.firstRungFirst = firstRungFirst;
    this.encoders = encoders;
  }

  /**
   * The FFmpeg runs these tasks take, in order: rungs sharing a decode go together ({@link #byDecode}); with
   * {@code vw.worker.first-rung-first}, a source's lowest video rung and its audio run first on their own, so the
   * asset's first version (progressive publishing) comes long before its top rung is done, for one more decode.
   */
  List<List<RenditionTask>> encodes(List<RenditionTask> tasks) {
    List<List<RenditionTask>> out = new ArrayList<>();
    for (List<RenditionTask> group : byDecode(tasks)) {
      List<RenditionTask> video = group.stream().filter(t -> t.getRung().getKind() == RungKind.VIDEO)
          .sorted(Comparator.comparingInt((RenditionTask t) -> t.getRung().getWidth() * t.getRung().getHeight()))
          .toList();
      if (!firstRungFirst || video.size() < 2) {
        out.add(group);
        continue;
      }
      List<RenditionTask> first = new ArrayList<>();
      first.add(video.get(0));
      group.stream().filter(t -> t.getRung().getKind() != RungKind.VIDEO).forEach(first::add);
      List<RenditionTask> rest = group.stream().filter(t -> !first.contains(t)).toList();
      out.add(List.copyOf(first));
      out.add(rest);
    }
    return out;
  }

  /**
   * Tasks grouped by what they decode and how: audio rungs join the first video group of their source. A chunk is
   * always an encode of its own: its command reads only its window of the source.
   */
  private List<List<RenditionTask>> byDecode(List<RenditionTask> tasks) {
    Map<List<Object>, List<RenditionTask>> groups = new LinkedHashMap<>();
    Map<String, List<Object>> firstVideoGroup = new HashMap<>();
    List<RenditionTask> audio = new ArrayList<>();
    for (RenditionTask task : tasks) {
      if (task.getChunk() != null) {
        groups.put(List.of("chunk", groups.size()), List.of(task));
        continue;
      }
      if (task.getRung().getKind() != RungKind.VIDEO) {
        audio.add(task);
        continue;
      }
      Encoder encoder = encoders.primary().get(task.getRung().getCodec());
      List<Object> key = List.of(task.getSourceUri(), encoder == null ? task.getRung().getName() : encoder.inputArgs(task));
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(task);
      firstVideoGroup.putIfAbsent(task.getSourceUri(), key);
    }
    for (RenditionTask task : audio) {
      List<Object> key = firstVideoGroup.getOrDefault(task.getSourceUri(), List.of(task.getSourceUri(), "audio"));
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(task);
    }
    return List.copyOf(groups.values());
  }
}

