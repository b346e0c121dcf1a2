package io.vwmedia.topology.template;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vwmedia.events.TemplateOverrides;
import io.vwmedia.topology.template.LadderTemplate.FitToSource;
import io.vwmedia.topology.template.LadderTemplate.VideoRung;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ladder templates this deployment knows: every {@code templates/*.json} on the classpath, plus those of an
 * optional folder, each validated once at start-up so a bad template stops the topology before it takes any upload.
 * Templates are found, not listed: a file dropped into the folder is a template, its id its file name. A template
 * may name a base ({@code "extends": "vw-media-hls-v3"}) and declare only what differs: its objects are merged
 * into the base's key by key, anything else (a number, a string, the list of video rungs) replaces the base's.
 */
public final class TemplateCatalog {

  /** The template an upload gets when it names none. */
  public static final String DEFAULT_TEMPLATE = "vw-media-hls-v3";
  /** The default ladder with per-title bitrates. */
  public static final String PER_TITLE_TEMPLATE = "vw-media-hls-v3-per-title";
  /** The classpath folder the built-in templates are found in. */
  static final String FOLDER = "templates";
  /** The profiles each video codec may use: 8-bit output, so HEVC is Main. */
  private static final Map<String, Set<String>> PROFILES = Map.of(
      "h264", Set.of("baseline", "main", "high"),
      "hevc", Set.of("main"));
  static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Map<String, LadderTemplate> templates;

  private TemplateCatalog(Map<String, LadderTemplate> templates) {
    this.templates = Map.copyOf(templates);
  }

  /** Loads and validates the templates that ship with vw-media: {@code templates/*.json} on the classpath. */
  public static TemplateCatalog builtIn() {
    return load(Optional.empty());
  }

  /**
   * The built-in templates and those of {@code extraDir} ({@code <id>.json} files; one may extend a built-in one),
   * validated together: a {@link TemplateException} lists every problem found.
   */
  public static TemplateCatalog load(Optional<Path> extraDir) {
    try {
      return load(Collections.list(TemplateCatalog.class.getClassLoader().getResources(FOLDER)), extraDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the classpath folder " + FOLDER + ": " + e.getMessage(), e);
    }
  }

  /** The templates of these classpath folders (directories or {@code jar:} URLs) and of {@code extraDir}. */
  static TemplateCatalog load(List<URL> classpathFolders, Optional<Path> extraDir) {
    List<String> problems = new ArrayList<>();
    Map<String, TemplateFiles.Declared> declared = TemplateFiles.find(classpathFolders, extraDir, problems);
    if (declared.isEmpty() && problems.isEmpty()) {
      problems.add("no templates found in classpath folder " + FOLDER + "/" + extraDir.map(d -> " nor in " + d).orElse(""));
    }
    Map<String, LadderTemplate> loaded = new LinkedHashMap<>();
    for (TemplateFiles.Declared d : declared.values()) {
      try {
        LadderTemplate template = JSON.treeToValue(TemplateFiles.resolved(d.id(), declared), LadderTemplate.class);
        if (!d.id().equals(template.id())) {
          throw new TemplateException("id '" + template.id() + "' does not match the file name");
        }
        validate(template);
        loaded.put(d.id(), template);
      } catch (TemplateException | IOException | IllegalArgumentException e) {
        problems.add(d.where() + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new TemplateException("invalid templates:\n  " + String.join("\n  ", problems));
    }
    return new TemplateCatalog(loaded);
  }

  public static TemplateCatalog of(LadderTemplate... templates) {
    Map<String, LadderTemplate> map = new LinkedHashMap<>();
    for (LadderTemplate t : templates) {
      validate(t);
      map.put(t.id(), t);
    }
    return new TemplateCatalog(map);
  }

  public Set<String> ids() {
    return templates.keySet();
  }

  /** The template with the asset's overrides applied, or a {@link TemplateException} saying what is wrong. */
  public LadderTemplate resolve(String templateId, TemplateOverrides overrides) {
    LadderTemplate template = templates.get(templateId);
    if (template == null) {
      throw new TemplateException("unknown template '" + templateId + "'; known templates: " + ids());
    }
    return overrides == null ? template : applyOverrides(template, overrides);
  }

  static LadderTemplate applyOverrides(LadderTemplate t, TemplateOverrides o) {
    Set<String> names = new HashSet<>();
    t.video().forEach(r -> names.add(r.name()));
    for (String drop : o.getDropRungs()) {
      if (!names.contains(drop)) {
        throw new TemplateException("overrides.dropRungs names unknown rung '" + drop + "'; rungs of " + t.id() + ": " + names);
      }
    }
    for (Map.Entry<String, Integer> e : o.getBitrateKbps().entrySet()) {
      if (!names.contains(e.getKey())) {
        throw new TemplateException("overrides.bitrateKbps names unknown rung '" + e.getKey() + "'; rungs of " + t.id() + ": " + names);
      }
      if (e.getValue() < 100 || e.getValue() > 100_000) {
        throw new TemplateException("overrides.bitrateKbps." + e.getKey() + ": " + e.getValue() + " is out of range 100 to 100000 kbit/s");
      }
    }
    List<VideoRung> video = new ArrayList<>();
    for (VideoRung r : t.video()) {
      if (o.getDropRungs().contains(r.name())) {
        continue;
      }
      Integer kbps = o.getBitrateKbps().get(r.name());
      if (kbps != null) {
        double peakRatio = (double) r.maxBitrateKbps() / r.bitrateKbps();
        double bufferRatio = (double) r.bufferKbits() / r.bitrateKbps();
        r = new VideoRung(r.name(), r.height(), r.codec(), r.profile(), r.level(), kbps,
            (int) Math.round(kbps * peakRatio), (int) Math.round(kbps * bufferRatio), r.maxFrameRate());
      }
      video.add(r);
    }
    if (video.isEmpty()) {
      throw new TemplateException("overrides.dropRungs drops every rung of " + t.id() + "; keep at least one");
    }
    double segment = t.segmentSeconds();
    if (o.getSegmentSeconds() != null) {
      segment = o.getSegmentSeconds();
      if (!isMultiple(segment, t.gopSeconds()) || segment > 20) {
        throw new TemplateException("overrides.segmentSeconds: " + segment + " must be a multiple of the GOP (" + t.gopSeconds() + " s) and at most 20 s");
      }
    }
    LadderTemplate resolved = t.withVideo(video, segment);
    validate(resolved);
    return resolved;
  }

  static void validate(LadderTemplate t) {
    String where = "template " + t.id() + ": ";
    if (t.gopSeconds() <= 0 || t.gopSeconds() > 10) {
      throw new TemplateException(where + "gopSeconds must be in (0, 10], was " + t.gopSeconds());
    }
    if (!isMultiple(t.segmentSeconds(), t.gopSeconds())) {
      throw new TemplateException(where + "segmentSeconds (" + t.segmentSeconds() + ") must be a multiple of gopSeconds (" + t.gopSeconds() + ")");
    }
    Double first = t.firstSegmentSeconds();
    if (first != null && (first < 0.5 || (first >= t.gopSeconds() && !isMultiple(first, t.gopSeconds())))) {
      throw new TemplateException(where + "firstSegmentSeconds (" + first + ") must be at least 0.5, and a multiple of gopSeconds (" + t.gopSeconds() + ") when not below it");
    }
    if (t.maxFrameRate() < 1 || t.maxFrameRate() > 120) {
      throw new TemplateException(where + "maxFrameRate must be in [1, 120], was " + t.maxFrameRate());
    }
    if (t.video() == null || t.video().isEmpty()) {
      throw new TemplateException(where + "needs at least one video rung");
    }
    Set<String> names = new HashSet<>();
    int lastHeight = 0;
    for (VideoRung r : t.video()) {
      String rw = where + "rung " + r.name() + ": ";
      if (r.name() == null || !r.name().matches("[a-z0-9][a-z0-9_-]{0,31}") || !names.add(r.name())) {
        throw new TemplateException(where + "rung names must be unique, lower-case [a-z0-9_-], got '" + r.name() + "'");
      }
      if (r.height() < 64 || r.height() > 4320 || r.height() % 2 != 0 || r.height() <= lastHeight) {
        throw new TemplateException(rw + "height must be even, 64 to 4320, and rungs listed from lowest to highest");
      }
      lastHeight = r.height();
      if (!PROFILES.containsKey(r.codec())) {
        throw new TemplateException(rw + "codec '" + r.codec() + "' is not one of " + new java.util.TreeSet<>(PROFILES.keySet()));
      }
      if (!PROFILES.get(r.codec()).contains(r.profile())) {
        throw new TemplateException(rw + "profile '" + r.profile() + "' is not one of " + PROFILES.get(r.codec()) + " for " + r.codec());
      }
      if (r.level() != null && !r.level().matches("[1-6](\\.[0-2])?")) {
        throw new TemplateException(rw + "level '" + r.level() + "' is not an H.264 level such as 3.1 or 4.0");
      }
      if (r.maxFrameRate() != null && (r.maxFrameRate() < 1 || r.maxFrameRate() > t.maxFrameRate())) {
        throw new TemplateException(rw + "maxFrameRate must be in [1, " + t.maxFrameRate() + "], was " + r.maxFrameRate());
      }
      if (r.bitrateKbps() <= 0 || r.maxBitrateKbps() < r.bitrateKbps() || r.bufferKbits() <= 0) {
        throw new TemplateException(rw + "needs bitrateKbps > 0, maxBitrateKbps >= bitrateKbps and bufferKbits > 0");
      }
    }
    FitToSource fit = t.fitToSource();
    if (fit != null) {
      if (!(fit.tolerance() >= 0 && fit.tolerance() <= 0.1) || !(fit.minStep() >= 1 && fit.minStep() <= 4)) {
        throw new TemplateException(where + "fitToSource needs tolerance in [0, 0.1] (a fraction of a rung's height) "
            + "and minStep in [1, 4] (a pixel-count ratio), was " + fit.tolerance() + " and " + fit.minStep());
      }
      for (int i = 1; i < t.video().size(); i++) {
        VideoRung below = t.video().get(i - 1);
        VideoRung above = t.video().get(i);
        double step = Math.pow((double) above.height() / below.height(), 2);
        if (step < fit.minStep() - 1e-9) {
          throw new TemplateException(where + "rungs " + below.name() + " and " + above.name() + " are "
              + String.format(java.util.Locale.ROOT, "%.2f", step) + "x apart in pixels, closer than fitToSource.minStep "
              + fit.minStep());
        }
      }
    }
    if (t.encoder() != null && !LadderTemplate.ENCODERS.contains(t.encoder())) {
      throw new TemplateException(where + "encoder must be one of " + LadderTemplate.ENCODERS + ", was '" + t.encoder() + "'");
    }
    if (t.chunking() != null) {
      var c = t.chunking();
      if (!(c.minSourceSeconds() > 0) || !(c.targetChunkSeconds() >= t.segmentSeconds())
          || c.targetChunkSeconds() > c.minSourceSeconds()) {
        throw new TemplateException(where + "chunking needs minSourceSeconds > 0 and targetChunkSeconds from "
            + "segmentSeconds (" + t.segmentSeconds() + ") to minSourceSeconds, was " + c.minSourceSeconds() + " and "
            + c.targetChunkSeconds());
      }
      if (c.targetChunkAt() != null && !(c.targetChunkAt().pixelsPerSecond() > 0)) {
        throw new TemplateException(where + "chunking.targetChunkAt needs a width, height and frameRate above 0, was "
            + c.targetChunkAt());
      }
    }
    if (t.perTitle() != null) {
      var p = t.perTitle();
      if (p.probeSeconds() < 1 || p.probeSeconds() > 120
          || !List.of("ultrafast", "superfast", "veryfast", "faster", "fast", "medium").contains(p.probePreset())
          || p.qualityCrf() < 0 || p.economyCrf() <= p.qualityCrf() || p.economyCrf() > 51
          || p.targetPsnr() < 30 || p.targetPsnr() > 60 || p.marginDb() < 0 || p.marginDb() > 5
          || p.minRatio() <= 0 || p.minRatio() > 1) {
        throw new TemplateException(where + "perTitle needs probeSeconds 1-120, a probePreset from ultrafast to medium, "
            + "0 <= qualityCrf < economyCrf <= 51, targetPsnr 30-60 dB, marginDb 0-5 and minRatio in (0, 1]");
      }
    }
    if (t.audio() != null) {
      var a = t.audio();
      if (!"aac".equals(a.codec()) || !Set.of("aac_low", "aac_he", "aac_he_v2").contains(a.profile())) {
        throw new TemplateException(where + "audio must be aac with profile aac_low, aac_he or aac_he_v2");
      }
      if (a.channels() < 1 || a.channels() > 8 || a.bitrateKbps() < 16 || a.sampleRate() < 8000) {
        throw new TemplateException(where + "audio needs 1 to 8 channels, at least 16 kbit/s and 8000 Hz");
      }
    }
  }

  private static boolean isMultiple(double value, double unit) {
    double ratio = value / unit;
    return value > 0 && Math.abs(ratio - Math.rint(ratio)) < 1e-9;
  }
}
