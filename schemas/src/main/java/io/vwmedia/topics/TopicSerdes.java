package io.vwmedia.topics;

import io.vwmedia.events.AssetPackaged;
import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.ChunkState;
import io.vwmedia.events.ManagedEncodeTask;
import io.vwmedia.events.ProbeResult;
import io.vwmedia.events.ProbeTask;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.serde.AvroSerde;
import io.vwmedia.serde.SchemaRegistryClient;
import org.apache.kafka.common.serialization.Serde;

/** The value serde of each topic in the catalog (and of the topology's state store), over one schema registry. */
public final class TopicSerdes {

  private final Serde<UploadRequested> uploadRequested;
  private final Serde<ProbeTask> probeTask;
  private final Serde<ProbeResult> probeResult;
  private final Serde<RenditionTask> renditionTask;
  private final Serde<ManagedEncodeTask> managedEncodeTask;
  private final Serde<RenditionResult> renditionResult;
  private final Serde<AssetPackaged> assetPackaged;
  private final Serde<AssetPublished> assetPublished;
  private final Serde<AssetProgress> assetProgress;
  private final Serde<ChunkState> chunkState;

  public TopicSerdes(SchemaRegistryClient registry) {
    this.uploadRequested = AvroSerde.of(UploadRequested.class, registry);
    this.probeTask = AvroSerde.of(ProbeTask.class, registry);
    this.probeResult = AvroSerde.of(ProbeResult.class, registry);
    this.renditionTask = AvroSerde.of(RenditionTask.class, registry);
    this.managedEncodeTask = AvroSerde.of(ManagedEncodeTask.class, registry);
    this.renditionResult = AvroSerde.of(RenditionResult.class, registry);
    this.assetPackaged = AvroSerde.of(AssetPackaged.class, registry);
    this.assetPublished = AvroSerde.of(AssetPublished.class, registry);
    this.assetProgress = AvroSerde.of(AssetProgress.class, registry);
    this.chunkState = AvroSerde.of(ChunkState.class, registry);
  }

  /** Value of {@link Topic#UPLOAD_REQUESTED}. */
  public Serde<UploadRequested> uploadRequested() {
    return uploadRequested;
  }

  /** Value of {@link Topic#PROBE_TASKS}. */
  public Serde<ProbeTask> probeTask() {
    return probeTask;
  }

  /** Value of {@link Topic#PROBE_DONE}. */
  public Serde<ProbeResult> probeResult() {
    return probeResult;
  }

  /** Value of {@link Topic#RENDITION_TASKS}. */
  public Serde<RenditionTask> renditionTask() {
    return renditionTask;
  }

  /** Value of {@link Topic#MANAGED_TASKS}. */
  public Serde<ManagedEncodeTask> managedEncodeTask() {
    return managedEncodeTask;
  }

  /** Value of {@link Topic#RENDITION_DONE}. */
  public Serde<RenditionResult> renditionResult() {
    return renditionResult;
  }

  /** Value of {@link Topic#ASSET_PACKAGED}. */
  public Serde<AssetPackaged> assetPackaged() {
    return assetPackaged;
  }

  /** Value of {@link Topic#ASSET_PUBLISHED}. */
  public Serde<AssetPublished> assetPublished() {
    return assetPublished;
  }

  /** Value of the topology's asset-progress store and its changelog. */
  public Serde<AssetProgress> assetProgress() {
    return assetProgress;
  }

  /** Value of the topology's chunk-progress store: one chunk of a rung encoded in chunks. */
  public Serde<ChunkState> chunkState() {
    return chunkState;
  }
}
