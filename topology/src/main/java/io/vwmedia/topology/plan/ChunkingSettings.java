package io.vwmedia.topology.plan;

import io.vwmedia.config.Setting;
import io.vwmedia.config.Settings;
import io.vwmedia.config.SettingsGroup;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The settings of chunked encoding: when a source is cut into chunks, how long a chunk is, and speculative copies. */
public final class ChunkingSettings extends SettingsGroup.Declared {

  public static final Setting<Double> MIN_SOURCE_SECONDS = Setting.decimal("vw.chunking.min-source-seconds", 120, 1,
      1_000_000, "sources at least this long have their video rungs encoded in chunks spread over the workers; "
          + "overrides the template's `chunking.minSourceSeconds`")
      .defaultText("the template's (120 in `vw-media-hls-v3`; a template without `chunking` never chunks)");
  public static final Setting<Double> TARGET_SECONDS = Setting.decimal("vw.chunking.target-seconds", 32, 1, 3600,
      "length of a chunk, rounded to whole segments (the short first segments stay in chunk 0); overrides the "
          + "template's `chunking.targetChunkSeconds`, and is taken as it is, not lengthened for a small top rung")
      .defaultText("the template's (32 in `vw-media-hls-v3`, for a 1080p30 top rung; longer in proportion for "
          + "fewer pixels per second)");
  public static final Setting<Double> SPECULATION_FACTOR = Setting.decimal("vw.chunking.speculation-factor", 3, 0, 100,
      "a chunk still running this many times its siblings' median encode time after the last of them finished gets"
          + " one speculative copy (the first result wins); 0: never");
  public static final Setting<Duration> SPECULATION_CHECK = Setting.duration("vw.chunking.speculation-check", "10s",
      "how often the topology looks for chunks running far past their siblings");

  public ChunkingSettings() {
    super("chunking", "Chunked encoding", List.of("run", "serve", "topology"),
        MIN_SOURCE_SECONDS, TARGET_SECONDS, SPECULATION_FACTOR, SPECULATION_CHECK);
  }

  /**
   * The chunking settings as the topology uses them.
   *
   * @param minSourceSeconds overrides the template's threshold when present
   * @param targetSeconds overrides the template's chunk length when present
   * @param speculationFactor how far past its siblings' median a chunk runs before its copy goes out; 0: never
   * @param speculationCheck how often to look
   */
  public record Config(Optional<Double> minSourceSeconds, Optional<Double> targetSeconds, double speculationFactor,
      Duration speculationCheck) {

    /** The templates decide; speculative copies at 3x the median, checked every 10 s. */
    public static final Config TEMPLATES = new Config(Optional.empty(), Optional.empty(), 3, Duration.ofSeconds(10));

    public static Config from(Settings s) {
      return new Config(s.find(MIN_SOURCE_SECONDS), s.find(TARGET_SECONDS), s.get(SPECULATION_FACTOR),
          s.get(SPECULATION_CHECK));
    }
  }
}
