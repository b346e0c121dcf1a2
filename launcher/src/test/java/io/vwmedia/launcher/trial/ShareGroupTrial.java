package io.vwmedia.launcher.trial;

import io.vwmedia.launcher.embedded.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The share-group trial (issue 14): task dispatch by today's consumer group (paused partitions, one task in hand per
 * worker) against a share group (KIP-932: explicit ACCEPT, one record acquired at a time, lock renewal), on the
 * embedded broker with the real Kafka clients and one JVM per worker. The share group is played twice: on a topic of
 * 12 partitions like {@code media.rendition.tasks} (Kafka 4.4's share assignor then gives each partition to one
 * member, as a consumer group does, while members are no more than partitions) and on a topic with fewer partitions
 * than workers ({@code --share-partitions}, 1 by default), where members share partitions and any idle one takes
 * the next record. Each run plays every scenario in every mode on the same seeded workload, in alternating order;
 * the medians and the ratios to the consumer group are printed at the end. Speed is measured here, never asserted in
 * a test. Run by {@code bench/share-groups.sh}.
 *
 * <ul>
 *   <li>{@code stragglers}: T tasks of about 1 s (a lognormal around a 60 s chunk encode, scaled down) with a few
 *       10x stragglers, all produced at once over P partitions to W workers: makespan against the ideal (the work's
 *       sum over W) and the p95 wait from produce to start.
 *   <li>{@code crash}: the same, and one worker killed with SIGKILL one second into a task: time until that task
 *       starts again elsewhere, and until it is done.
 *   <li>{@code freeze}: as crash, with SIGSTOP (a hung node: connections stay open, nothing tells the broker).
 *   <li>{@code scale-out}: W-1 workers, one more started 3 s into the run: time from its joining to its first task.
 * </ul>
 */
public final class ShareGroupTrial {

  private static final long MEDIAN_WORK_MS = 1000;
  private static final double SIGMA = 0.35;
  private static final long SCENARIO_TIMEOUT_MS = 300_000;
  static final String GROUP = "group";
  static final String SHARE = "share";
  /** A share group on a task topic with fewer partitions than workers, so that members share partitions. */
  static final String SHARE_FEW = "share-few";
  static final List<String> MODES = List.of(GROUP, SHARE, SHARE_FEW);

  private final String bootstrap;
  private final Options options;
  private final Path logs;
  private int topics;

  record Options(int runs, int tasks, int workers, int partitions, int sharePartitions, int stragglers, int sessionMs,
      int lockMs, List<String> scenarios) {

    static Options parse(String[] args) {
      Map<String, String> a = new HashMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
      }
      return new Options(
          Integer.parseInt(a.getOrDefault("runs", "3")),
          Integer.parseInt(a.getOrDefault("tasks", "32")),
          Integer.parseInt(a.getOrDefault("workers", "4")),
          Integer.parseInt(a.getOrDefault("partitions", "12")),
          Integer.parseInt(a.getOrDefault("share-partitions", "1")),
          Integer.parseInt(a.getOrDefault("stragglers", "3")),
          Integer.parseInt(a.getOrDefault("session-ms", "45000")),
          Integer.parseInt(a.getOrDefault("lock-ms", "15000")),
          List.of(a.getOrDefault("scenarios", "stragglers,crash,freeze,scale-out").split(",")));
    }
  }

  /** What one scenario in one mode measured; absent figures are NaN. */
  record Figures(double makespanS, double idealS, double p95WaitS, double recoveryStartS, double recoveryDoneS,
      double joinToFirstTaskS, int duplicates, int renewals, int maxDeliveryCount) {}

  private ShareGroupTrial(String bootstrap, Options options, Path logs) {
    this.bootstrap = bootstrap;
    this.options = options;
    this.logs = logs;
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path work = Files.createTempDirectory("vw-share-trial");
    System.err.printf("share-group trial: %s; broker and worker logs in %s%n", options, work);
    Map<String, Map<String, List<Figures>>> results = new LinkedHashMap<>(); // scenario -> mode -> runs
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("broker"), 0)) {
      ShareGroupTrial trial = new ShareGroupTrial(broker.bootstrapServers(), options, Files.createDirectories(work.resolve("logs")));
      for (int run = 0; run < options.runs(); run++) {
        for (String scenario : options.scenarios()) {
          List<String> modes = run % 2 == 0 ? MODES : List.of(SHARE_FEW, SHARE, GROUP);
          for (String mode : modes) {
            Figures f = trial.play(scenario, mode, run);
            System.err.printf("run %d %-10s %-5s %s%n", run + 1, scenario, mode, f);
            results.computeIfAbsent(scenario, s -> new LinkedHashMap<>()).computeIfAbsent(mode, m -> new ArrayList<>()).add(f);
          }
        }
      }
    } finally {
      if (!Boolean.getBoolean("trial.keep")) {
        try (Stream<Path> files = Files.walk(work)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    print(results, options);
  }

  private Figures play(String scenario, String mode, int run) throws Exception {
    String name = "trial-" + scenario + "-" + mode + "-" + run + "-" + (topics++);
    String workerMode = mode.equals(GROUP) ? "group" : "share";
    int partitions = mode.equals(SHARE_FEW) ? options.sharePartitions() : options.partitions();
    List<TrialTask> tasks = TrialTask.workload(options.tasks(), MEDIAN_WORK_MS, SIGMA, options.stragglers(), 1000L + run);
    int initialWorkers = scenario.equals("scale-out") ? options.workers() - 1 : options.workers();
    BlockingQueue<TrialWorkerProcess.Event> events = new LinkedBlockingQueue<>();
    List<TrialWorkerProcess.Event> seen = new ArrayList<>();
    List<TrialWorkerProcess> workers = new ArrayList<>();
    try (Admin admin = ShareGroups.admin(bootstrap)) {
      ShareGroups.createTopic(admin, name, partitions);
      if (!mode.equals(GROUP)) {
        ShareGroups.configureShareGroup(admin, name, options.lockMs());
      }
      for (int w = 0; w < initialWorkers; w++) {
        workers.add(TrialWorkerProcess.start(workerMode, bootstrap, name, name, "w" + w, options.sessionMs(),
            logs.resolve(name + "-w" + w + ".log"), events));
      }
      awaitGroup(admin, workerMode, name, initialWorkers);
      System.err.printf("  %s: partitions per member at the start %s%n", mode, assignment(admin, workerMode, name));

      long producedAt = produce(name, partitions, tasks);
      boolean lagRead = mode.equals(GROUP);
      Map<Integer, TrialTask> byId = new HashMap<>();
      tasks.forEach(t -> byId.put(t.id(), t.producedAt(producedAt)));

      Map<Integer, Long> firstStart = new HashMap<>();
      Map<Integer, Long> firstDone = new HashMap<>();
      Map<Integer, String> runningOn = new HashMap<>();
      int starts = 0;
      int renewals = 0;
      int maxDelivery = 0;
      Fault fault = null;
      long joinedAt = -1;
      long firstTaskOfJoiner = -1;
      String joiner = null;
      long deadline = System.currentTimeMillis() + SCENARIO_TIMEOUT_MS;

      while (firstDone.size() < tasks.size()) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(name + ": only " + firstDone.size() + " of " + tasks.size()
              + " tasks done within " + SCENARIO_TIMEOUT_MS / 1000 + " s; logs in " + logs);
        }
        // the scenario's event: a fault one second into a task, or a worker joining 3 s into the run
        if ((scenario.equals("crash") || scenario.equals("freeze")) && fault == null) {
          fault = strikeWhenDue(scenario, workers, runningOn, firstStart, byId, producedAt);
        }
        if (!lagRead && System.currentTimeMillis() - producedAt > 2000) {
          lagRead = true;
          System.err.printf("  %s: lag 2 s in (Admin.listShareGroupOffsets): %d, tasks started by then: %d of %d%n",
              mode, shareGroupLag(admin, name), firstStart.size(), tasks.size());
        }
        if (scenario.equals("scale-out") && joiner == null && System.currentTimeMillis() - producedAt > 3000) {
          joiner = "w" + initialWorkers;
          workers.add(TrialWorkerProcess.start(workerMode, bootstrap, name, name, joiner, options.sessionMs(),
              logs.resolve(name + "-" + joiner + ".log"), events));
        }
        TrialWorkerProcess.Event e = events.poll(50, TimeUnit.MILLISECONDS);
        if (e == null) {
          continue;
        }
        seen.add(e);
        switch (e.kind()) {
          case "START" -> {
            starts++;
            maxDelivery = Math.max(maxDelivery, e.deliveryCount());
            firstStart.putIfAbsent(e.task(), e.atMs());
            runningOn.put(e.task(), e.worker());
            if (fault != null && fault.task == e.task() && !e.worker().equals(fault.worker) && fault.restartedAt < 0) {
              fault.restartedAt = e.atMs();
            }
            if (e.worker().equals(joiner) && firstTaskOfJoiner < 0) {
              firstTaskOfJoiner = e.atMs();
            }
          }
          case "DONE" -> {
            firstDone.putIfAbsent(e.task(), e.atMs());
            runningOn.remove(e.task(), e.worker());
            if (fault != null && fault.task == e.task() && !e.worker().equals(fault.worker) && fault.doneAt < 0) {
              fault.doneAt = e.atMs();
            }
          }
          case "RENEW" -> renewals++;
          case "JOINED" -> {
            if (e.worker().equals(joiner)) {
              joinedAt = e.atMs();
            }
          }
          default -> { }
        }
      }

      System.err.printf("  %s: partitions per member at the end %s%n", mode, assignment(admin, workerMode, name));
      long sumWork = tasks.stream().mapToLong(TrialTask::workMs).sum();
      long lastDone = firstDone.values().stream().mapToLong(Long::longValue).max().orElseThrow();
      List<Long> waits = new ArrayList<>();
      firstStart.forEach((id, at) -> waits.add(at - byId.get(id).producedAtMs()));
      waits.sort(null);
      double p95 = waits.get((int) Math.ceil(0.95 * waits.size()) - 1) / 1000.0;
      return new Figures(
          (lastDone - producedAt) / 1000.0,
          sumWork / 1000.0 / options.workers(),
          p95,
          fault == null ? Double.NaN : (fault.restartedAt - fault.struckAt) / 1000.0,
          fault == null ? Double.NaN : (fault.doneAt - fault.struckAt) / 1000.0,
          firstTaskOfJoiner < 0 ? Double.NaN : (firstTaskOfJoiner - joinedAt) / 1000.0,
          starts - tasks.size(),
          renewals,
          maxDelivery);
    } finally {
      for (TrialWorkerProcess w : workers) {
        w.close();
      }
    }
  }

  /** A fault struck: which worker, holding which task, when; when the task started again elsewhere and was done. */
  private static final class Fault {
    final String worker;
    final int task;
    final long struckAt;
    long restartedAt = -1;
    long doneAt = -1;

    Fault(String worker, int task, long struckAt) {
      this.worker = worker;
      this.task = task;
      this.struckAt = struckAt;
    }
  }

  /** Once a task of at least the median's work has run for 1 s (after the first 2 s of the run), kill or freeze its worker. */
  private static Fault strikeWhenDue(String scenario, List<TrialWorkerProcess> workers, Map<Integer, String> runningOn,
      Map<Integer, Long> firstStart, Map<Integer, TrialTask> tasks, long producedAt) throws Exception {
    long now = System.currentTimeMillis();
    if (now - producedAt < 2000) {
      return null;
    }
    for (Map.Entry<Integer, String> running : runningOn.entrySet()) {
      TrialTask task = tasks.get(running.getKey());
      long started = firstStart.get(running.getKey());
      if (task.workMs() >= 1500 && now - started >= 1000 && now - started < task.workMs() - 300) {
        TrialWorkerProcess victim = workers.stream().filter(w -> w.name().equals(running.getValue())).findFirst().orElseThrow();
        if (scenario.equals("crash")) {
          victim.kill();
        } else {
          victim.freeze();
        }
        return new Fault(victim.name(), task.id(), System.currentTimeMillis());
      }
    }
    return null;
  }

  /** Until the group has its members and, for a consumer group, has handed out every partition. */
  private void awaitGroup(Admin admin, String mode, String group, int members) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (settled(admin, mode, group, members)) {
          return;
        }
      } catch (ExecutionException e) {
        // not created yet: the members are still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the " + mode + " group " + group + " did not settle with " + members + " members");
  }

  /** Which member holds how many partitions, by client id: the trial's log says how each kind of group assigns. */
  private static Map<String, Integer> assignment(Admin admin, String mode, String group) throws Exception {
    Map<String, Integer> sizes = new java.util.TreeMap<>();
    if (mode.equals("share")) {
      admin.describeShareGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).members()
          .forEach(m -> sizes.put(m.clientId(), m.assignment().topicPartitions().size()));
    } else {
      admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).members()
          .forEach(m -> sizes.put(m.clientId(), m.assignment().topicPartitions().size()));
    }
    return sizes;
  }

  private boolean settled(Admin admin, String mode, String group, int members) throws Exception {
    if (mode.equals("share")) {
      var d = admin.describeShareGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
      return d.groupState() == GroupState.STABLE && d.members().size() == members
          && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
    }
    var d = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
    int assigned = d.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
    return d.groupState() == GroupState.STABLE && d.members().size() == members && assigned == options.partitions();
  }

  /** All tasks at once, spread round-robin over the partitions (chunk tasks are not keyed to one partition). */
  private long produce(String topic, int partitions, List<TrialTask> tasks) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(), new StringSerializer())) {
      long at = System.currentTimeMillis();
      for (TrialTask task : tasks) {
        producer.send(new ProducerRecord<>(topic, task.id() % partitions, Integer.toString(task.id()),
            task.producedAt(at).encode()));
      }
      producer.flush();
      return at;
    }
  }

  private static long shareGroupLag(Admin admin, String group) throws Exception {
    Map<?, SharePartitionOffsetInfo> offsets = admin.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec()))
        .partitionsToOffsetInfo(group).get(10, TimeUnit.SECONDS);
    return offsets.values().stream().mapToLong(o -> o == null ? 0 : o.lag().orElse(0L)).sum();
  }

  private static void print(Map<String, Map<String, List<Figures>>> results, Options o) {
    System.out.printf("%n## Task dispatch: consumer group or share group (%s, %d runs, %d tasks, %d workers, session %d ms,"
        + " lock %d ms)%n%n", LocalDate.now(), o.runs(), o.tasks(), o.workers(), o.sessionMs(), o.lockMs());
    System.out.printf("| scenario | figure (median) | consumer group, %d partitions | share group, %d partitions | ratio |"
        + " share group, %d partition(s) | ratio | runs |%n", o.partitions(), o.partitions(), o.sharePartitions());
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (var scenario : results.entrySet()) {
      Map<String, java.util.function.ToDoubleFunction<Figures>> figures = new LinkedHashMap<>();
      figures.put("makespan (s)", Figures::makespanS);
      figures.put("makespan / ideal", f -> f.makespanS() / f.idealS());
      figures.put("p95 wait, produce to start (s)", Figures::p95WaitS);
      if (scenario.getKey().equals("crash") || scenario.getKey().equals("freeze")) {
        figures.put("struck task restarted after (s)", Figures::recoveryStartS);
        figures.put("struck task done after (s)", Figures::recoveryDoneS);
      }
      if (scenario.getKey().equals("scale-out")) {
        figures.put("joined to first task (s)", Figures::joinToFirstTaskS);
      }
      figures.put("tasks started twice", f -> f.duplicates());
      figures.put("max delivery count", f -> f.maxDeliveryCount());
      figures.put("lock renewals", f -> f.renewals());
      for (var figure : figures.entrySet()) {
        List<Figures> g = scenario.getValue().getOrDefault(GROUP, List.of());
        double gm = median(g, figure.getValue());
        StringBuilder row = new StringBuilder("| " + scenario.getKey() + " | " + figure.getKey() + " | " + fmt(gm) + " |");
        int runs = g.size();
        for (String mode : List.of(SHARE, SHARE_FEW)) {
          List<Figures> m = scenario.getValue().getOrDefault(mode, List.of());
          runs = Math.min(runs, m.size());
          double mm = median(m, figure.getValue());
          row.append(' ').append(fmt(mm)).append(" | ")
              .append(gm == 0 || Double.isNaN(gm) || Double.isNaN(mm) ? "-" : fmt(mm / gm)).append(" |");
        }
        System.out.println(row + " " + runs + " |");
      }
    }
  }

  private static double median(List<Figures> runs, java.util.function.ToDoubleFunction<Figures> figure) {
    double[] v = runs.stream().mapToDouble(figure).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String fmt(double d) {
    return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, d == Math.rint(d) && Math.abs(d) < 1000 ? "%.0f" : "%.2f", d);
  }
}
