package io.vwmedia.topology;

import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.LivePackaging;
import io.vwmedia.events.ManagedEncodeTask;
import io.vwmedia.events.ProbeTask;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.topics.Topic;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.topology.packaging.ChunkJoiner;
import io.vwmedia.topology.packaging.RepeatedCopies;
import io.vwmedia.topology.packaging.ManifestPackager;
import io.vwmedia.topology.plan.ChunkPlanner;
import io.vwmedia.topology.plan.ChunkingSettings;
import io.vwmedia.topology.plan.RungPlanner;
import io.vwmedia.topology.publish.Publisher;
import io.vwmedia.topology.routing.EncoderRouting;
import io.vwmedia.topology.template.TemplateCatalog;
import java.time.Clock;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole pipeline as one Kafka Streams topology, read top to bottom:
 *
 * <pre>
 * media.upload.requested --admit-upload--> media.probe.tasks                (workers probe the source)
 *                                     \--> media.asset.published            (FAILED: upload refused)
 * media.probe.done --plan-rungs--> media.rendition.tasks                    (workers encode each rung, or its chunks)
 *                             \--> media.managed.tasks                      (or MediaConvert encodes them all)
 *                             \--> media.probe.tasks                        (per-title: rate-quality probe first)
 *                             \--> media.asset.published                    (FAILED: source refused)
 * media.rendition.done --aggregate-rung-results--> (asset complete: every rung, a chunked one joined)
 *                                              \--> media.rendition.tasks (a copy of a straggling chunk)
 *        --package-live-hls--> media.asset.packaged                        (live: HLS playlists grow while encoding)
 *        --package-hls-dash--> media.asset.packaged
 *        \--report-failure---> media.asset.published (FAILED: no rung)
 * media.asset.packaged --publish--> media.asset.published (PLAYABLE versions while progressive, then PUBLISHED or DEGRADED)
 * </pre>
 *
 * Nothing here starts a process: whatever needs FFmpeg (probing a source, the per-title probe, encoding) is a task
 * for the workers, so a stream thread's transaction stays short. The admission, the planner and the aggregator share
 * the {@value #PROGRESS_STORE} store (the planner and the aggregator the {@value #CHUNK_STORE} store too), so the
 * requested, probe-done and rendition-done topics are co-partitioned by asset id.
 */
public final class MediaTopology {

  public static final String PROGRESS_STORE = "asset-progress";
  public static final String CHUNK_STORE = "chunk-progress";

  /**
   * What the topology calls out to; each part does one thing and is tested on its own.
   *
   * @param routing which leg encodes a newly planned asset: our workers, or MediaConvert
   * @param chunking when a long source's rungs are encoded in chunks, and when a straggling chunk gets a copy
   * @param joiner makes a chunked rung of its chunks
   * @param copies removes what an encode that does not count wrote (a rung or chunk encoded twice)
   * @param progressive publish a playable version as soon as the first video rung (and the audio) is ready, and one
   *     more per further rung, before the terminal one
   * @param live publish the asset live before that, from the segments the workers store while they encode: growing
   *     HLS EVENT playlists (manifest version 0)
   */
  public record Parts(
      TopicSerdes serdes,
      TemplateCatalog templates,
      RungPlanner planner,
      ManifestPackager packager,
      Publisher publisher,
      EncoderRouting routing,
      ChunkingSettings.Config chunking,
      ChunkJoiner joiner,
      RepeatedCopies copies,
      Clock clock,
      boolean progressive,
      boolean live) {}

  private MediaTopology() {}

  public static Topology build(Parts p) {
    TopicSerdes serdes = p.serdes();
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(PROGRESS_STORE), Serdes.String(), serdes.assetProgress()));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(CHUNK_STORE), Serdes.String(), serdes.chunkState()));

    // requested -> a source probe for the workers, or an immediate FAILED for an upload that cannot become an asset
    KStream<String, SpecificRecord> admitted = builder
        .stream(Topic.UPLOAD_REQUESTED.topicName(),
            Consumed.with(Serdes.String(), serdes.uploadRequested()).withName("upload-requested"))
        .process(() -> new AssetAdmission(p.templates(), p.publisher(), p.clock()),
            Named.as("admit-upload"), PROGRESS_STORE);
    BranchedKStream<String, SpecificRecord> admissions = admitted.split(Named.as("admitted-"));
    routeByType(admissions, "admitted", "probe-task", ProbeTask.class, Topic.PROBE_TASKS, serdes.probeTask());
    admissions.defaultBranch(rejections("admitted", serdes));

    // probe done -> rendition tasks, a per-title probe first, or FAILED for a source the workers refused
    KStream<String, SpecificRecord> planned = builder
        .stream(Topic.PROBE_DONE.topicName(),
            Consumed.with(Serdes.String(), serdes.probeResult()).withName("probe-done"))
        .process(() -> new AssetPlanner(p.templates(), p.planner(), p.publisher(), p.routing(),
                new ChunkPlanner(p.chunking()), p.clock()),
            Named.as("plan-rungs"), PROGRESS_STORE, CHUNK_STORE);
    BranchedKStream<String, SpecificRecord> plans = planned.split(Named.as("planned-"));
    routeByType(plans, "planned", "chunk-task", RenditionTask.class, MediaTopology::isChunk, Topic.CHUNK_TASKS,
        serdes.renditionTask());
    routeByType(plans, "planned", "rendition-task", RenditionTask.class, Topic.RENDITION_TASKS, serdes.renditionTask());
    routeByType(plans, "planned", "managed-task", ManagedEncodeTask.class, Topic.MANAGED_TASKS, serdes.managedEncodeTask());
    routeByType(plans, "planned", "probe-task", ProbeTask.class, Topic.PROBE_TASKS, serdes.probeTask());
    plans.defaultBranch(rejections("planned", serdes));

    // rendition-done -> one complete asset, once every planned rung is terminal (a chunked rung once all its chunks
    // are); or a speculative copy of a chunk running far past its siblings
    KStream<String, SpecificRecord> aggregated = builder
        .stream(Topic.RENDITION_DONE.topicName(),
            Consumed.with(Serdes.String(), serdes.renditionResult()).withName("rendition-done"))
        .process(() -> new AssetAggregator(p.clock(), p.progressive(), p.live(), p.joiner(), p.copies(),
                new ChunkSpeculation(p.chunking().speculationFactor(), p.chunking().speculationCheck())),
            Named.as("aggregate-rung-results"), PROGRESS_STORE, CHUNK_STORE);
    BranchedKStream<String, SpecificRecord> aggregates = aggregated.split(Named.as("aggregated-"));
    routeByType(aggregates, "aggregated", "chunk-task", RenditionTask.class, MediaTopology::isChunk, Topic.CHUNK_TASKS,
        serdes.renditionTask());
    routeByType(aggregates, "aggregated", "rendition-task", RenditionTask.class, Topic.RENDITION_TASKS,
        serdes.renditionTask());
    aggregates.branch((assetId, value) -> value instanceof LivePackaging, Branched.withConsumer(live -> live
        .flatMapValues(v -> p.packager().packLive((LivePackaging) v), Named.as("package-live-hls"))
        .to(Topic.ASSET_PACKAGED.topicName(),
            Produced.with(Serdes.String(), serdes.assetPackaged()).withName("packaged-live")),
        "live"));
    aggregates.defaultBranch(Branched.withConsumer(assets -> assets
        .mapValues(v -> (AssetProgress) v, Named.as("aggregated-as-asset"))
        .split(Named.as("outcome-"))
        .branch((assetId, progress) -> progress.getOutcome() != AssetStatus.FAILED,
            Branched.withConsumer(playable -> playable
                .mapValues(p.packager()::pack, Named.as("package-hls-dash"))
                .to(Topic.ASSET_PACKAGED.topicName(),
                    Produced.with(Serdes.String(), serdes.assetPackaged()).withName("packaged")),
                "playable"))
        .defaultBranch(Branched.withConsumer(failed -> failed
            .mapValues(p.publisher()::failed, Named.as("report-failure"))
            .to(Topic.ASSET_PUBLISHED.topicName(),
                Produced.with(Serdes.String(), serdes.assetPublished()).withName("published-failures")),
            "failed")), "asset"));

    // packaged -> published, after the CDN is told
    builder.stream(Topic.ASSET_PACKAGED.topicName(),
            Consumed.with(Serdes.String(), serdes.assetPackaged()).withName("asset-packaged"))
        .mapValues(p.publisher()::published, Named.as("publish"))
        .to(Topic.ASSET_PUBLISHED.topicName(),
            Produced.with(Serdes.String(), serdes.assetPublished()).withName("published"));

    return builder.build();
  }

  /**
   * A step's values of one type, to their topic: the branch {@code <step>-<kind>}, the cast {@code <step>-as-<kind>},
   * the sink {@code <step>-<kind>s}.
   */
  private static <V extends SpecificRecord> void routeByType(BranchedKStream<String, SpecificRecord> branches,
      String step, String kind, Class<V> type, Topic topic, Serde<V> serde) {
    routeByType(branches, step, kind, type, v -> true, topic, serde);
  }

  /** As above, for the values of that type that {@code which} picks; a branch before it takes the rest. */
  private static <V extends SpecificRecord> void routeByType(BranchedKStream<String, SpecificRecord> branches,
      String step, String kind, Class<V> type, Predicate<V> which, Topic topic, Serde<V> serde) {
    branches.branch((key, value) -> type.isInstance(value) && which.test(type.cast(value)), Branched.withConsumer(values -> values
        .mapValues(type::cast, Named.as(step + "-as-" + kind))
        .to(topic.topicName(), Produced.with(Serdes.String(), serde).withName(step + "-" + kind + "s")),
        kind));
  }

  /** A task for one chunk of a rung: to the chunk-task topic, which any idle worker reads (a share group). */
  private static boolean isChunk(RenditionTask task) {
    return task.getChunk() != null;
  }

  /** The default branch of a step: what is left are its {@link AssetPublished} rejections, to the published topic. */
  private static Branched<String, SpecificRecord> rejections(String step, TopicSerdes serdes) {
    return Branched.withConsumer(rejected -> rejected
        .mapValues(v -> (AssetPublished) v, Named.as(step + "-as-rejection"))
        .to(Topic.ASSET_PUBLISHED.topicName(),
            Produced.with(Serdes.String(), serdes.assetPublished()).withName(step + "-rejections")),
        "rejected");
  }
}
