package io.vwmedia.topology;

import io.vwmedia.events.AssetPackaged;
import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.topics.Topic;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.topology.packaging.ManifestPackager;
import io.vwmedia.topology.plan.RateQualityProbe;
import io.vwmedia.topology.plan.RungPlanner;
import io.vwmedia.topology.probe.SourceProber;
import io.vwmedia.topology.publish.Publisher;
import io.vwmedia.topology.template.TemplateCatalog;
import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole pipeline as one Kafka Streams topology, read top to bottom:
 *
 * <pre>
 * media.upload.requested --plan-rungs--> media.rendition.tasks            (workers encode each rung)
 *                                   \--> media.asset.published (FAILED: source rejected)
 * media.rendition.done --aggregate-rung-results--> (asset complete)
 *        --package-hls-dash--> media.asset.packaged
 *        \--report-failure---> media.asset.published (FAILED: no rung)
 * media.asset.packaged --publish--> media.asset.published (PLAYABLE versions while progressive, then PUBLISHED or DEGRADED)
 * </pre>
 *
 * The planner and the aggregator share the {@value #PROGRESS_STORE} store, so the requested and rendition-done
 * topics are co-partitioned by asset id.
 */
public final class MediaTopology {

  public static final String PROGRESS_STORE = "asset-progress";

  /**
   * What the topology calls out to; each part does one thing and is tested on its own.
   *
   * @param progressive publish a playable version as soon as the first video rung (and the audio) is ready, and one
   *     more per further rung, before the terminal one
   */
  public record Parts(
      TopicSerdes serdes,
      TemplateCatalog templates,
      SourceProber prober,
      RateQualityProbe rateQuality,
      RungPlanner planner,
      ManifestPackager packager,
      Publisher publisher,
      Clock clock,
      boolean progressive) {}

  private MediaTopology() {}

  public static Topology build(Parts p) {
    TopicSerdes serdes = p.serdes();
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(PROGRESS_STORE), Serdes.String(), serdes.assetProgress()));

    // requested -> rendition tasks, or an immediate FAILED for an upload that cannot become an asset
    KStream<String, SpecificRecord> planned = builder
        .stream(Topic.UPLOAD_REQUESTED.topicName(),
            Consumed.with(Serdes.String(), serdes.uploadRequested()).withName("upload-requested"))
        .process(() -> new AssetPlanner(p.templates(), p.prober(), p.rateQuality(), p.planner(), p.publisher(), p.clock()),
            Named.as("plan-rungs"), PROGRESS_STORE);
    planned.split(Named.as("planned-"))
        .branch((assetId, value) -> value instanceof RenditionTask,
            Branched.withConsumer(tasks -> tasks
                .mapValues(v -> (RenditionTask) v, Named.as("as-rendition-task"))
                .to(Topic.RENDITION_TASKS.topicName(),
                    Produced.with(Serdes.String(), serdes.renditionTask()).withName("rendition-tasks")),
                "tasks"))
        .defaultBranch(Branched.withConsumer(rejected -> rejected
            .mapValues(v -> (AssetPublished) v, Named.as("as-rejection"))
            .to(Topic.ASSET_PUBLISHED.topicName(),
                Produced.with(Serdes.String(), serdes.assetPublished()).withName("published-rejections")),
            "rejected"));

    // rendition-done -> one complete asset, once every planned rung is terminal
    KStream<String, AssetProgress> complete = builder
        .stream(Topic.RENDITION_DONE.topicName(),
            Consumed.with(Serdes.String(), serdes.renditionResult()).withName("rendition-done"))
        .process(() -> new AssetAggregator(p.clock(), p.progressive()), Named.as("aggregate-rung-results"), PROGRESS_STORE);
    complete.split(Named.as("outcome-"))
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
            "failed"));

    // packaged -> published, after the CDN is told
    builder.stream(Topic.ASSET_PACKAGED.topicName(),
            Consumed.with(Serdes.String(), serdes.assetPackaged()).withName("asset-packaged"))
        .mapValues(p.publisher()::published, Named.as("publish"))
        .to(Topic.ASSET_PUBLISHED.topicName(),
            Produced.with(Serdes.String(), serdes.assetPublished()).withName("published"));

    return builder.build();
  }
}
