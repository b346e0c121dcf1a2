"""Runs bench/memory.sh's variants of `vw-media run` and prints where the resident memory goes (see memory.sh)."""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

vw_media, work, runs, load, variants_text, seconds = (sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4],
                                                     sys.argv[5], sys.argv[6])
DEFAULT_VARIANTS = "bin/vw-media run's options||"
NMT = "-XX:NativeMemoryTracking=summary"
NMT_ACCOUNTS = (("Java Heap", "heap"), ("Class", "metaspace and classes"), ("Thread", "thread stacks"),
                ("Code", "compiled code"), ("GC", "collector"), ("Other", "other native (direct buffers)"),
                ("Internal", "JVM internal"), ("Symbol", "symbols"), ("Arena Chunk", "arenas"))
# a thread's part, by the first pattern its name (as Linux keeps it: 15 characters) matches
PARTS = (("Kafka clients", r"^(kafka-producer|kafka-admin|kafka-coordinat|consumer_|producer-|admin-client)"),
         ("broker", r"^(data-plane|kafka-|broker-|controller|quorum|raft|ExpirationReap|LogDirFailure|"
                    r"group-coord|share-coord|transaction-|txn-|kafka-log|metadata|feature|ReplicaFetch|"
                    r"share-|client-metric|TxnMarker|AlterPartition|ForwardingMan|ClientQuota|"
                    r"ThrottledChann|ExpireRetrieval|executor-|kafka-scheduler|log-cleaner|fetcher|"
                    r"BrokerLifecycle|NodeToControl|KafkaApi|remote-log|group-metadata|RaftManager|"
                    r"ReplicaAlterLog|ReplicaManager|scheduler|Controller|LogDirs|BrokerServer|AddPartitionsTo|"
                    r"PersisterState|ShareGroup|SensorExpiry)"),
         ("topology", r"(StreamThread|StreamsThread|stream-thread|-streams-|CleanupThread|rocksdb|"
                      r"state-updater|worker-backlog|topolo)"),
         ("workers", r"(worker|-encode|-probe|-job|ffmpeg)"),
         ("JVM", r"^(GC |G1 |VM |C1 |C2 |Signal|Finalizer|Reference|Common-Cleaner|Service Thread|"
                 r"Sweeper|Monitor Defl|Notification|Attach|java|VM Periodic|Cleaner|process reaper)"))


def variants():
    out = []
    for line in (variants_text or DEFAULT_VARIANTS).splitlines():
        if line.strip():
            label, opts, settings = (line.split("|") + ["", ""])[:3]
            out.append((label.strip(), opts.strip(), settings.split()))
    return out


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            fields = dict(l.split(":", 1) for l in f if ":" in l)
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])
    except (OSError, KeyError, ValueError):
        return None


def rollup_kb(pid):
    out = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for l in f:
                m = re.match(r"(\w+):\s+(\d+) kB", l)
                if m:
                    out[m.group(1)] = int(m.group(2))
    except OSError:
        pass
    return out


def children_rss_kb(pid):
    done = subprocess.run(["ps", "-o", "rss=", "--ppid", str(pid)], capture_output=True, text=True)
    return sum(int(x) for x in done.stdout.split())


def thread_parts(pid):
    counts = {}
    try:
        names = [open(f"/proc/{pid}/task/{t}/comm").read().strip() for t in os.listdir(f"/proc/{pid}/task")]
    except OSError:
        return counts
    for name in names:
        part = next((p for p, pattern in PARTS if re.search(pattern, name)), "other")
        counts.setdefault(part, []).append(name)
    return counts


def nmt_kb(pid):
    done = subprocess.run(["jcmd", str(pid), "VM.native_memory", "summary"], capture_output=True, text=True)
    out = {}
    m = re.search(r"Total: reserved=\d+KB, committed=(\d+)KB", done.stdout)
    if not m:
        return None
    out["total"] = int(m.group(1))
    for account, _ in NMT_ACCOUNTS:
        m = re.search(r"-\s+" + re.escape(account) + r" \(reserved=\d+KB, committed=(\d+)KB\)", done.stdout)
        out[account] = int(m.group(1)) if m else 0
    return out


def run_once(label, opts, settings, nmt):
    """One `vw-media run` of the clip; its figures at the JVM's highest resident sample."""
    env = dict(os.environ)
    java_opts = opts or subprocess.run(
        ["bash", "-c", f". {os.path.dirname(vw_media)}/lib/java-opts.sh && vw_java_opts run"],
        capture_output=True, text=True).stdout.strip()
    env["VW_JAVA_OPTS"] = (java_opts + (" " + NMT if nmt else "")).strip()
    data = tempfile.mkdtemp(dir=work, prefix="data-")
    log = open(f"{work}/log-{re.sub(r'[^A-Za-z0-9]+', '_', label)[:40]}.txt", "w")
    proc = subprocess.Popen([vw_media, "run", "--json", "--data-dir", data, *settings, f"{work}/clip.mp4"],
                            env=env, stdout=subprocess.DEVNULL, stderr=log)
    peak = {"rss": 0, "tree": 0, "hwm": 0}
    # the attach (jcmd) signals the JVM with SIGQUIT, which ends a JVM that has not installed its handlers yet
    last_nmt = time.monotonic() + 3.0
    while proc.poll() is None:
        sample = rss_kb(proc.pid)
        if sample:
            rss, peak["hwm"] = sample
            peak["tree"] = max(peak["tree"], rss + children_rss_kb(proc.pid))
            if rss > peak["rss"]:
                peak.update(rss=rss, rollup=rollup_kb(proc.pid), threads=thread_parts(proc.pid))
                if nmt and time.monotonic() - last_nmt > 1.0 and open(f"/proc/{proc.pid}/comm").read().strip() == "java":
                    last_nmt = time.monotonic()
                    snapshot = nmt_kb(proc.pid)
                    if snapshot:
                        peak.update(nmt=snapshot, nmt_rss=rss)
        time.sleep(0.1)
    log.close()
    if proc.returncode != 0:
        sys.exit(f"{label}: vw-media run exited {proc.returncode}; see {log.name}")
    shutil.rmtree(data)
    return peak


def mb(kb):
    return kb / 1024


def row(name, values, fmt="{:.0f}"):
    print(f"| {name} | " + " | ".join(fmt.format(v) if v == v else "-" for v in values) + " |")


chosen = variants()
results = {label: [] for label, _, _ in chosen}
nmt_results = {}
for n in range(runs):
    for label, opts, settings in chosen:
        print(f"# round {n + 1} of {runs}: {label}", file=sys.stderr)
        results[label].append(run_once(label, opts, settings, nmt=False))
for label, opts, settings in chosen:
    print(f"# with Native Memory Tracking: {label}", file=sys.stderr)
    nmt_results[label] = run_once(label, opts, settings, nmt=True)

print(f"`vw-media run` of a {seconds} s 1080p30 clip; medians of {runs} runs per variant "
      f"(1-minute load at the start {load}). MB.\n")
print("| MB | " + " | ".join(label for label, _, _ in chosen) + " |")
print("|---|" + "---:|" * len(chosen))
med = lambda label, f: statistics.median(f(p) for p in results[label])
row("**JVM peak RSS (VmHWM)**", [mb(med(l, lambda p: p["hwm"])) for l, _, _ in chosen])
row("JVM + FFmpeg, highest sample", [mb(med(l, lambda p: p["tree"])) for l, _, _ in chosen])
row("at the JVM's highest sample: anonymous", [mb(med(l, lambda p: p["rollup"].get("Anonymous", 0))) for l, _, _ in chosen])
row("at the JVM's highest sample: file-backed",
    [mb(med(l, lambda p: p["rollup"].get("Rss", 0) - p["rollup"].get("Anonymous", 0))) for l, _, _ in chosen])

print("\nWith Native Memory Tracking (one run per variant), at the JVM's highest sample; MB committed:\n")
print("| MB | " + " | ".join(label for label, _, _ in chosen) + " |")
print("|---|" + "---:|" * len(chosen))
row("JVM resident (this run)", [mb(nmt_results[l].get("nmt_rss", float("nan"))) for l, _, _ in chosen])
for account, name in NMT_ACCOUNTS:
    row(name, [mb(nmt_results[l].get("nmt", {}).get(account, float("nan"))) for l, _, _ in chosen])
row("JVM's accounts in all", [mb(nmt_results[l].get("nmt", {}).get("total", float("nan"))) for l, _, _ in chosen])
row("resident outside them (RocksDB, allocator arenas, mapped files; committed but untouched counts the other way)",
    [mb(nmt_results[l].get("nmt_rss", 0) - nmt_results[l].get("nmt", {}).get("total", 0)) for l, _, _ in chosen])

print("\nThreads at the JVM's highest sample (run without tracking, the first round), by part:\n")
parts = ("broker", "topology", "workers", "Kafka clients", "JVM", "other")
print("| threads | " + " | ".join(label for label, _, _ in chosen) + " |")
print("|---|" + "---:|" * len(chosen))
for part in parts:
    row(part, [len(results[l][0]["threads"].get(part, [])) for l, _, _ in chosen])
if os.environ.get("MEMORY_THREAD_NAMES"):
    for l, _, _ in chosen:
        print(f"\n{l}: " + "; ".join(f"{p}: {sorted(set(n))}" for p, n in results[l][0]["threads"].items()))
