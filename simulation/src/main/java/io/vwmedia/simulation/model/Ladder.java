package io.vwmedia.simulation.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ladder an upload is planned into, read from a template file of {@code topology/src/main/resources/templates/}
 * (the template it {@code extends} is read from the same folder): its video rungs by height, its audio rendition,
 * and its segment grid (the first segment's and the others' length), which chunks are cut on.
 */
public final class Ladder {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Rung> video;
  private final Rung audio;
  private final double firstSegmentSeconds;
  private final double segmentSeconds;
  private final int chunksSizedAtHeight;

  public Ladder(List<Rung> video, Rung audio, double firstSegmentSeconds, double segmentSeconds, int chunksSizedAtHeight) {
    this.video = video.stream().sorted(Comparator.comparingInt(Rung::height)).toList();
    this.audio = audio;
    this.firstSegmentSeconds = firstSegmentSeconds;
    this.segmentSeconds = segmentSeconds;
    this.chunksSizedAtHeight = chunksSizedAtHeight;
  }

  public static Ladder fromTemplate(Path file) {
    JsonNode t = read(file);
    JsonNode base = t.has("extends") ? read(file.resolveSibling(t.get("extends").asText() + ".json")) : null;
    JsonNode videoNode = pick(t, base, "video");
    List<Rung> video = new ArrayList<>();
    videoNode.forEach(r -> video.add(new Rung(r.get("name").asText(), r.get("height").asInt())));
    Rung audio = pick(t, base, "audio") == null ? null : new Rung(pick(t, base, "audio").get("name").asText(), 0);
    double segment = pick(t, base, "segmentSeconds").asDouble();
    JsonNode first = pick(t, base, "firstSegmentSeconds");
    JsonNode chunking = pick(t, base, "chunking");
    int sizedAt = chunking == null ? 0 : chunking.path("targetChunkAt").path("height").asInt(0);
    return new Ladder(video, audio, first == null ? segment : first.asDouble(), segment, sizedAt);
  }

  private static JsonNode pick(JsonNode t, JsonNode base, String field) {
    return t.has(field) ? t.get(field) : base == null ? null : base.get(field);
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the template " + file, e);
    }
  }

  /** The video rungs a source of this height gets, lowest first: none above it, the lowest always. */
  public List<Rung> videoFor(int sourceHeight) {
    List<Rung> fit = video.stream().filter(r -> r.height() <= sourceHeight).toList();
    return fit.isEmpty() ? video.subList(0, 1) : fit;
  }

  public Rung lowest() {
    return video.get(0);
  }

  /** The audio rendition, or null when the template has none. */
  public Rung audio() {
    return audio;
  }

  public List<Rung> video() {
    return video;
  }

  public double firstSegmentSeconds() {
    return firstSegmentSeconds;
  }

  public double segmentSeconds() {
    return segmentSeconds;
  }

  /**
   * The top rung height the template's target chunk length is meant for ({@code chunking.targetChunkAt}), 0 when it
   * names none: the planner lengthens the chunks of assets whose top rung is lower.
   */
  public int chunksSizedAtHeight() {
    return chunksSizedAtHeight;
  }
}
