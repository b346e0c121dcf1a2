package io.vwmedia.simulation.cluster;

import io.vwmedia.simulation.engine.Rng;
import io.vwmedia.simulation.engine.Simulation;
import io.vwmedia.simulation.model.EncodeSpeeds;
import io.vwmedia.simulation.model.Encoder;
import io.vwmedia.simulation.model.Rung;
import io.vwmedia.simulation.model.Task;
import io.vwmedia.simulation.model.TaskPlanner;
import io.vwmedia.simulation.model.Upload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A vw-media cluster in simulated time: uploads arrive, are probed and planned into tasks on the task topic, pods of
 * the worker pools take them through the dispatch (consumer group or share group), encode them on their cores, die
 * sometimes, and the pools grow and shrink with KEDA. Each asset is published once all its rungs are done.
 */
public final class ClusterModel {

  private final Simulation sim;
  private final Rng speedRng;
  private final Rng faultRng;
  private final ClusterConfig config;
  private final TaskPlanner planner;
  private final EncodeSpeeds speeds;
  private final double sharingExponent;
  private final Dispatch dispatch;
  private final Host sharedHost;
  private final List<Pod> pods = new ArrayList<>();
  private final Map<Upload, AssetProgress> progress = new LinkedHashMap<>();
  private final Map<String, Integer> peakReplicas = new LinkedHashMap<>();
  private final Map<String, double[]> usage = new LinkedHashMap<>();
  private final List<QueueSample> queue = new ArrayList<>();
  private double measureFrom;
  private double measureTo;
  private double lastArrival;
  private int unfinished;
  private long tasksRun;
  private long chunkTasksRun;
  private long crashes;
  private long speculativeCopies;
  private double wasted;

  public ClusterModel(long seed, ClusterConfig config, TaskPlanner planner, EncodeSpeeds speeds) {
    this.sim = new Simulation();
    Rng rng = new Rng(seed);
    this.speedRng = rng.split();
    this.faultRng = rng.split();
    this.config = config;
    this.planner = planner;
    this.speeds = speeds;
    double measured = speeds.measuredSharingExponent();
    this.sharingExponent = !Double.isNaN(config.sharingExponent()) ? config.sharingExponent()
        : Double.isNaN(measured) ? 1 : measured;
    this.dispatch = config.shareGroup()
        ? new ShareGroupDispatch(sim, config.faults().lockTimeoutSeconds())
        : new ConsumerGroupDispatch(sim, config.partitions(), config.faults().sessionTimeoutSeconds(),
            config.fetchOrder());
    this.sharedHost = config.hostCores() > 0 ? newHost(config.hostCores()) : null;
  }

  /** The exponent of encodes sharing cores in use (given, or measured with the speeds). */
  public double sharingExponent() {
    return sharingExponent;
  }

  /**
   * Runs the uploads through the cluster until every one is published (or {@code horizon}); measures the uploads that
   * arrive in [from, to) and the pools' pod-seconds over that window (to the last publish when {@code to} is
   * infinite).
   */
  public RunResult run(List<Upload> uploads, double from, double to, double horizon) {
    measureFrom = from;
    measureTo = to;
    for (PoolSpec pool : config.pools()) {
      usage.put(pool.name(), new double[2]);
      peakReplicas.put(pool.name(), pool.min());
      for (int i = 0; i < pool.min(); i++) {
        Pod pod = newPod(pool);
        pod.state = Pod.State.IDLE;
        dispatch.joined(pod);
      }
      if (pool.autoscaled()) {
        PoolScaler scaler = new PoolScaler(pool, config.autoscaling(), dispatch.maxConsumers());
        sim.at(0, () -> scale(pool, scaler));
      }
    }
    for (Upload u : uploads) {
      lastArrival = Math.max(lastArrival, u.arrival());
      unfinished++;
      sim.at(u.arrival(), () -> arrive(u));
    }
    if (config.sampleSeconds() > 0) {
      sim.at(0, this::sample);
    }
    if (config.speculation().enabled()) {
      sim.at(0, this::speculate);
    }
    sim.runUntil(horizon);
    return result();
  }

  private boolean running() {
    return unfinished > 0 || sim.now() < lastArrival;
  }

  private Host newHost(double cores) {
    return new Host(sim, cores, speeds.referenceCores(), config.coreScaling(), sharingExponent, this::reachedEnd);
  }

  private Pod newPod(PoolSpec pool) {
    Host host = pool.encoder() == Encoder.NVENC ? newHost(speeds.referenceCores())
        : sharedHost != null ? sharedHost : newHost(pool.cores());
    Pod pod = new Pod(pods.size(), pool, host, sim.now());
    pods.add(pod);
    return pod;
  }

  private void arrive(Upload upload) {
    List<Task> plan = planner.plan(upload);
    List<Rung> playable = new ArrayList<>();
    playable.add(planner.ladder().videoFor(upload.sourceHeight()).get(0));
    if (planner.ladder().audio() != null) {
      playable.add(planner.ladder().audio());
    }
    progress.put(upload, new AssetProgress(upload, plan, playable));
    sim.after(config.overheads().probeSeconds(), () -> {
      for (Task t : plan) {
        t.enqueuedAt(sim.now());
        dispatch.offer(t);
      }
      assign();
    });
  }

  private void assign() {
    for (Pod pod : pods) {
      if (pod.state == Pod.State.IDLE && !pod.draining) {
        Task t = dispatch.next(pod);
        while (t != null && t.attempt() >= config.faults().maxAttempts()) {
          dispatch.committed(t); // retries exhausted: dead-lettered, the rung FAILED
          AssetProgress ap = progress.get(t.upload());
          ap.rungFailed(t);
          settle(ap);
          t = dispatch.next(pod);
        }
        if (t != null) {
          start(pod, t);
        }
      }
    }
  }

  private void start(Pod pod, Task task) {
    Encoder encoder = pod.pool().encoder();
    double speed = speeds.draw(encoder, pod.pool().preset(), task.rung(), task.upload().sourceHeight(),
        config.noiseSigma(), speedRng) * config.speedFactor();
    // a chunk's extra work is in seconds at the reference cores, slowed by the same share of the machine as the encode
    double extra = task.chunk() ? config.overheads().chunkWorkSeconds() / config.speedFactor() : 0;
    // a chunk after its rung's first encodes its pre-roll too, at the encode's speed
    double preroll = task.chunk() ? Math.min(config.overheads().chunkPrerollSeconds(), task.span().start()) : 0;
    double work = (task.span().seconds() + preroll) / speed + extra;
    if (faultRng.chance(config.faults().stragglerFraction())) {
      work *= config.faults().stragglerFactor();
    }
    double failAt = faultRng.chance(config.faults().failureProbability()) ? work * faultRng.uniform() : -1;
    Encode e = new Encode(task, pod, work, failAt, sim.now());
    pod.state = Pod.State.BUSY;
    pod.encode = e;
    tasksRun++;
    if (task.chunk()) {
      chunkTasksRun++;
    }
    sim.after(config.overheads().taskSeconds(), () -> pod.host().begin(e));
  }

  private void reachedEnd(Encode e) {
    Pod pod = e.pod;
    pod.host().end(e);
    pod.encode = null;
    busy(pod, e.startedAt);
    Task task = e.task;
    AssetProgress ap = progress.get(task.upload());
    if (e.fails()) {
      crashes++;
      wasted += sim.now() - e.startedAt;
      task.retried();
      pod.state = Pod.State.DEAD;
      dispatch.lost(pod, task, this::assign);
      sim.after(dispatch.rejoinDelay(pod.pool().startupSeconds()), () -> {
        if (pod.state == Pod.State.DEAD) {
          pod.state = Pod.State.IDLE;
          dispatch.joined(pod);
          if (pod.draining) {
            remove(pod);
          }
          assign();
        }
      });
      return;
    }
    dispatch.committed(task);
    if (!ap.finished(task, sim.now() - e.startedAt)) {
      wasted += sim.now() - e.startedAt;
    }
    settle(ap);
    pod.state = Pod.State.IDLE;
    if (pod.draining) {
      remove(pod);
    }
    assign();
  }

  private void busy(Pod pod, double since) {
    double from = Math.max(since, measureFrom);
    double to = Math.min(sim.now(), measureTo);
    if (to > from) {
      usage.get(pod.pool().name())[1] += to - from;
    }
  }

  private void settle(AssetProgress ap) {
    double publish = config.overheads().publishSeconds();
    if (Double.isNaN(ap.playableAt) && ap.playable()) {
      ap.playableAt = sim.now() + publish;
    }
    if (Double.isNaN(ap.publishedAt) && ap.terminal()) {
      ap.publishedAt = sim.now() + publish;
      unfinished--;
    }
  }

  private void remove(Pod pod) {
    pod.state = Pod.State.GONE;
    pod.removedAt = sim.now();
    dispatch.left(pod);
  }

  private int replicas(PoolSpec pool) {
    return (int) pods.stream().filter(p -> p.pool() == pool && p.replica()).count();
  }

  private void scale(PoolSpec pool, PoolScaler scaler) {
    int have = replicas(pool);
    int want = scaler.target(sim.now(), dispatch.lag(), have);
    for (int i = have; i < want; i++) {
      Pod pod = newPod(pool);
      sim.after(pool.startupSeconds(), () -> {
        if (pod.state == Pod.State.STARTING) {
          pod.state = Pod.State.IDLE;
          dispatch.joined(pod);
          assign();
        }
      });
    }
    for (int i = want; i < have; i++) {
      Pod victim = null;
      for (Pod p : pods) { // the newest idle or starting pod first, else the newest busy one drains
        if (p.pool() == pool && p.replica()
            && (victim == null || rank(p) > rank(victim) || (rank(p) == rank(victim) && p.id() > victim.id()))) {
          victim = p;
        }
      }
      if (victim.state == Pod.State.IDLE || victim.state == Pod.State.STARTING) {
        remove(victim);
      } else {
        victim.draining = true;
      }
    }
    peakReplicas.merge(pool.name(), replicas(pool), Math::max);
    if (running()) {
      sim.after(config.autoscaling().pollingSeconds(), () -> scale(pool, scaler));
    }
  }

  private static int rank(Pod p) {
    return p.state == Pod.State.STARTING ? 2 : p.state == Pod.State.IDLE ? 1 : 0;
  }

  private void sample() {
    Map<String, Integer> replicas = new LinkedHashMap<>();
    config.pools().forEach(pool -> replicas.put(pool.name(), replicas(pool)));
    int busy = (int) pods.stream().filter(p -> p.encode != null).count();
    queue.add(new QueueSample(sim.now(), dispatch.waiting(), busy, replicas));
    if (running()) {
      sim.after(config.sampleSeconds(), this::sample);
    }
  }

  private void speculate() {
    Speculation s = config.speculation();
    for (Pod pod : List.copyOf(pods)) {
      Encode e = pod.encode;
      if (e == null || !e.task.chunk() || e.task.speculative()) {
        continue;
      }
      AssetProgress ap = progress.get(e.task.upload());
      List<Double> done = ap.finishedChunkSeconds(e.task);
      if (ap.chunkDone(e.task) || done.size() < s.minDoneFraction() * e.task.chunks()) {
        continue;
      }
      List<Double> sorted = done.stream().sorted().toList();
      double median = sorted.get(sorted.size() / 2);
      if (sim.now() - e.startedAt > s.factor() * median && ap.markSpeculated(e.task)) {
        Task copy = e.task.speculativeCopy();
        copy.enqueuedAt(sim.now());
        dispatch.offer(copy);
        speculativeCopies++;
      }
    }
    assign();
    if (running()) {
      sim.after(s.checkSeconds(), this::speculate);
    }
  }

  private RunResult result() {
    double end = Double.isInfinite(measureTo)
        ? progress.values().stream().mapToDouble(a -> Double.isNaN(a.publishedAt) ? sim.now() : a.publishedAt).max().orElse(0)
        : measureTo;
    for (Pod pod : pods) {
      if (pod.encode != null) {
        busy(pod, pod.encode.startedAt);
      }
      usage.get(pod.pool().name())[0] += pod.provisionedSeconds(measureFrom, end);
    }
    List<AssetOutcome> outcomes = new ArrayList<>();
    double sourceSeconds = 0;
    long open = 0;
    for (AssetProgress ap : progress.values()) {
      Upload u = ap.upload;
      if (u.arrival() < measureFrom || u.arrival() >= measureTo) {
        continue;
      }
      sourceSeconds += u.seconds();
      open += Double.isNaN(ap.publishedAt) ? 1 : 0;
      outcomes.add(new AssetOutcome(u.id(), u.arrival(), u.seconds(), ap.playableAt - u.arrival(),
          ap.publishedAt - u.arrival(), ap.degraded()));
    }
    List<PoolUsage> pools = new ArrayList<>();
    usage.forEach((name, u) -> pools.add(new PoolUsage(name, u[0], u[1], peakReplicas.get(name))));
    return new RunResult(outcomes, pools, queue, sourceSeconds / 3600, end - measureFrom, tasksRun, chunkTasksRun, crashes,
        speculativeCopies, wasted, open);
  }
}
