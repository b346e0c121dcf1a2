package io.vwmedia.topology.status;

import io.vwmedia.events.AssetProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The read side of the topology's asset-progress store (Kafka Streams interactive queries): what the status API
 * answers from. The store keeps every asset, so this is the pipeline's own record, with nothing to keep in step.
 * Each instance holds the partitions it was assigned: the list covers those ({@link AssetPage}); one asset held by
 * another instance is {@link Lookup.Elsewhere}, found with {@link KafkaStreams#queryMetadataForKey} when instances
 * advertise their address ({@code vw.topology.advertised-address}). While the group rebalances the store cannot be
 * read: the queries throw {@link InvalidStateStoreException}, a 503 to the caller.
 */
public final class AssetStatusQueries {

  /** What looking one asset up found. */
  public sealed interface Lookup {
    record Found(AssetView asset) implements Lookup {}

    record Unknown() implements Lookup {}

    /** The asset's partition is active on another instance, reachable at {@code host:port}. */
    record Elsewhere(String host, int port) implements Lookup {}
  }

  private final KafkaStreams streams;
  private final String storeName;
  private final AssetViews views;
  private final Optional<HostInfo> self;

  /**
   * @param self this instance's advertised address (Kafka Streams {@code application.server}); empty when the
   *     instances advertise none, and then only this instance's partitions are looked in
   */
  public AssetStatusQueries(KafkaStreams streams, String storeName, AssetViews views, Optional<HostInfo> self) {
    this.streams = streams;
    this.storeName = storeName;
    this.views = views;
    this.self = self;
  }

  /** A page of the assets in this instance's partitions, newest first. */
  public AssetPage list(PageRequest request) {
    List<AssetView> all = new ArrayList<>();
    try (KeyValueIterator<String, AssetProgress> it = streams.store(StoreQueryParameters.fromNameAndType(storeName,
        QueryableStoreTypes.<String, AssetProgress>keyValueStore())).all()) {
      it.forEachRemaining(kv -> all.add(views.of(kv.value)));
    }
    return request.of(all.stream());
  }

  /** One asset, from the instance whose partition holds it. */
  public Lookup find(String assetId) {
    KeyQueryMetadata where = streams.queryMetadataForKey(storeName, assetId, Serdes.String().serializer());
    HostInfo active = where == null ? null : where.activeHost();
    if (active != null && active.port() >= 0 && self.isPresent() && !self.get().equals(active)) {
      return new Lookup.Elsewhere(active.host(), active.port());
    }
    StoreQueryParameters<ReadOnlyKeyValueStore<String, AssetProgress>> params = StoreQueryParameters.fromNameAndType(
        storeName, QueryableStoreTypes.keyValueStore());
    if (where != null && where.partition() >= 0) {
      params = params.withPartition(where.partition());
    }
    AssetProgress progress = streams.store(params).get(assetId);
    return progress == null ? new Lookup.Unknown() : new Lookup.Found(views.of(progress));
  }
}
