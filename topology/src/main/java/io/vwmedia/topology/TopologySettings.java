package io.vwmedia.topology;

import io.vwmedia.config.Setting;
import io.vwmedia.config.SettingsGroup;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The settings of the Kafka Streams topology and of how it publishes. */
public final class TopologySettings extends SettingsGroup.Declared {

  public static final Setting<Integer> THREADS = Setting.integer("vw.topology.threads", 1, 1, 32,
      "Kafka Streams threads; the embedded stack (`run`, `serve`) creates the topology's topics with one partition "
          + "per thread");
  public static final Setting<Path> STATE_DIR = Setting.path("vw.topology.state-dir", "Kafka Streams state")
      .defaultText("`<data-dir>/streams`");
  public static final Setting<String> INSTANCE_ID = Setting.optionalString("vw.topology.instance-id",
      "stable instance name (e.g. the pod name): static group membership, so restarts take partitions back at once")
      .defaultText("none (`embedded` embedded)");
  public static final Setting<Duration> SESSION_TIMEOUT = Setting.duration("vw.topology.session-timeout", "45s",
      "how long the group waits for an instance or stream thread that stopped answering; a restart within it keeps"
          + " its partitions without a rebalance, but a stream thread replaced after an error (storage unreachable"
          + " while packaging) waits it out before it processes again");
  public static final Setting<Duration> COMMIT_INTERVAL = Setting.duration("vw.topology.commit-interval", "20ms",
      "how often the topology commits its exactly-once transaction (Kafka Streams' `commit.interval.ms`, whose own"
          + " default is 100 ms) and, at most, how long its stream thread waits for records between commits: what it"
          + " wrote becomes visible to the workers and the `published` topic's readers at a commit, so each of an"
          + " asset's five topology hops waits up to this long; a commit is made only when records were processed, so"
          + " shorter costs more transactions per second only while assets flow");
  public static final Setting<Duration> FETCH_MAX_WAIT = Setting.duration("vw.topology.fetch-max-wait", "500ms", "30s",
      "how long the topology's idle fetch waits at the broker for records before it asks again (its main consumer's"
          + " `fetch.max.wait.ms`). Stopping waits out the fetch in flight, so a shorter wait stops it sooner and asks"
          + " more often while idle; `run` uses 100ms unless it is set");
  public static final Setting<Duration> RECONNECT_BACKOFF_MAX = Setting.duration("vw.topology.reconnect-backoff-max",
      "1s", "30s",
      "the longest the topology's Kafka clients wait before they try an unreachable broker again (Kafka's"
          + " `reconnect.backoff.max.ms`; the wait doubles from 50 ms up to it). On a data folder that already holds the"
          + " topics, `run` and `serve` start the topology while their own broker is still starting, and use 100ms"
          + " unless it is set, so it joins within 0.1 s of the broker being up");
  public static final Setting<Path> TEMPLATES_DIR = Setting.path("vw.topology.templates-dir",
      "a folder of more ladder templates (`*.json`, one per template, named by its id; a template may `extends` one"
          + " that ships with vw-media), read beside the built-in ones and validated at start-up")
      .defaultText("none (the built-in templates only)");
  public static final Setting<String> ADVERTISED_ADDRESS = Setting.optionalString("vw.topology.advertised-address",
      "`host:port` where the other topology instances reach this one's status API (its `vw.metrics.port`; Kafka"
          + " Streams' `application.server`): with several instances, `/api/assets/{id}` answers a 307 to the"
          + " instance holding the asset")
      .defaultText("none (each instance answers for its own partitions)");
  public static final Setting<Boolean> PUBLISH_PROGRESSIVE = Setting.bool("vw.publish.progressive", true,
      "publish a playable manifest version (a PLAYABLE event) as soon as a video rung and the audio are ready, and"
          + " one per further rung, before the terminal event");
  public static final Setting<Boolean> PUBLISH_LIVE = Setting.bool("vw.publish.live", true,
      "publish the asset live while its first rungs encode: once the workers have stored the first segments of a"
          + " video rung and of the audio (`vw.worker.live-segments`), an HLS master under `manifests/{id}/live/` whose"
          + " media playlists are EVENT playlists that grow with each segment and end when their rung is done (a"
          + " PLAYABLE event with manifest version 0; DASH from version 1 on)");
  public static final Setting<URI> PUBLISH_BASE_URL = Setting.url("vw.publish.base-url",
      "where viewers reach the storage, e.g. a CloudFront domain whose origin path is the S3 prefix: a published"
          + " location is this URL, `/` and the object's key below the storage root. Without it, published locations"
          + " are the store's own (local paths, or the object's URL on the S3 endpoint)")
      .defaultText("none (the origin's URL under `serve`)").replacing("vw.storage.public-base-url");

  public TopologySettings() {
    super("topology", "Topology", List.of("run", "serve", "topology"),
        THREADS, STATE_DIR, INSTANCE_ID, SESSION_TIMEOUT, COMMIT_INTERVAL, FETCH_MAX_WAIT, RECONNECT_BACKOFF_MAX,
        TEMPLATES_DIR, ADVERTISED_ADDRESS,
        PUBLISH_PROGRESSIVE, PUBLISH_LIVE, PUBLISH_BASE_URL);
  }
}
