package io.vwmedia.simulation.cluster;

/**
 * Which of its partitions' records a consumer-group pod takes next.
 *
 * <ul>
 *   <li>{@code OLDEST}: the oldest record at the head of any of its partitions (an ideal consumer);
 *   <li>{@code PARTITION}: the partition it read last while that has records, then the next in turn;
 *   <li>{@code FETCHED}: as Kafka's consumer does it: a fetch brings each of its partitions' records available at
 *       that moment as one batch, batches are handed out in the order they arrived, one record a poll, and a
 *       partition is fetched again (its new batch queued behind the others) only once its batch is drained. Records
 *       that arrive meanwhile wait for that next fetch.
 * </ul>
 */
public enum FetchOrder {
  OLDEST,
  PARTITION,
  FETCHED
}
