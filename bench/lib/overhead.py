"""Reads bench/overhead.sh's runs (run table, --trace files, reports) and prints its tables: start-up phases, the
per-asset hops around the encodes, memory. Medians over the runs of each kind (first run on a new data folder, data
folder reused)."""
import json
import statistics
import sys

work, seconds, load, options = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
runs = [l.rstrip("\n").split("\t") for l in open(f"{work}/runs.tsv") if l.strip()]
KINDS = (("first", "first run (new data folder)"), ("reused", "data folder reused"))
PHASES = (("main", "JVM started -> main (class loading, logging set up)"),
          ("broker", "embedded broker up"),
          ("topics", "topics created or checked"),
          ("topology-built", "topology built"),
          ("workers-built", "workers built (encoders probed)"),
          ("stack-started", "topology and workers started"),
          ("topology-running", "topology running (Streams rebalanced, state restored)"),
          ("upload-accepted", "**first upload accepted**"))
# closing, from the last asset terminal: each part's close ending, in the order the stack closes them
CLOSING = (("stack-closing", "... the trace and the upload clients closed"),
           ("workers-topology-closed", "... workers and topology closed, side by side (group leaves, Streams' stores)"),
           ("registry-closed", "... managed legs, origin, schema registry closed"),
           ("broker-closed", "... embedded broker shut down"),
           ("closed", "... meters and alerts closed"))
HOPS = (("admit", "upload -> probe task visible (admit-upload)"),
        ("probe", "probe task -> probe result visible (worker: poll, ffprobe, produce)"),
        ("probing", "... of which the worker probing (its own timing: source check, ffprobe, parse)"),
        ("plan", "probe result -> rung tasks visible (plan-rungs)"),
        ("to_encode", "rung tasks -> first encode starts (worker poll, FFmpeg start)"),
        ("between", "between encodes (no encode running)"),
        ("package", "last rung result -> final manifests visible (aggregate, package)"),
        ("publish", "final manifests -> published event visible"))


def med(values):
    return statistics.median(values) if values else float("nan")


def union(intervals):
    total, end = 0.0, None
    for s, e in sorted(intervals):
        if end is None or s > end:
            total += e - s
            end = e
        elif e > end:
            total += e - end
            end = e
    return total


def asset_figures(hops):
    """Seconds of each hop of one asset, its encode time (some encode running) and upload -> published."""
    def first(topic, pred=lambda h: True):
        return next(h for h in hops if h["topic"] == topic and pred(h))
    upload = first("media.upload.requested")["at"]
    probe_task = first("media.probe.tasks")
    probe_done = first("media.probe.done")
    task_hops = [h for h in hops if h["topic"] in ("media.rendition.tasks", "media.chunk.tasks")]
    tasks = min(h["seen"] for h in task_hops)
    results = [h for h in hops if h["topic"] == "media.rendition.done" and h.get("status") == "DONE"]
    encodes = [(h["at"] - h["encodeMs"], h["at"]) for h in results]
    packaged = first("media.asset.packaged", lambda h: h.get("complete"))
    published = first("media.asset.published", lambda h: h.get("status") != "PLAYABLE")
    playable = [h["seen"] for h in hops if h["topic"] == "media.asset.published"]
    busy = union(encodes)
    start, end = min(s for s, _ in encodes), max(e for _, e in encodes)
    f = {"admit": probe_task["seen"] - upload, "probe": probe_done["seen"] - probe_task["seen"],
         "probing": probe_done.get("probeMs", float("nan")), "plan": tasks - probe_done["seen"],
         "to_encode": start - tasks, "between": (end - start) - busy,
         "package": packaged["seen"] - end, "publish": published["seen"] - packaged["seen"], "encode": busy,
         "total": published["seen"] - upload, "first_playable": min(playable) - upload,
         # of each hop, the part after its record was made: the commit and the fetch that made it visible
         "admit_visible": probe_task["seen"] - probe_task["madeAt"], "probe_visible": probe_done["seen"] - probe_done["madeAt"],
         "plan_visible": tasks - min(h["madeAt"] for h in task_hops),
         "package_visible": packaged["seen"] - packaged["madeAt"], "publish_visible": published["seen"] - published["madeAt"]}
    return {k: v / 1000 for k, v in f.items()}


by_kind = {k: {"wall": [], "hwm": [], "tree": [], "phases": {}, "closing": [], "assets": [], "later_assets": []} for k, _ in KINDS}
for label, n, wall_ms, hwm_kb, tree_kb in runs:
    k = by_kind[label]
    k["wall"].append(int(wall_ms) / 1000)
    k["hwm"].append(int(hwm_kb) / 1024)
    k["tree"].append(int(tree_kb) / 1024)
    trace = json.load(open(f"{work}/trace-{label}-{n}.json"))
    marks = {m["phase"]: m["atMs"] / 1000 for m in trace["startup"]}
    for phase, _ in PHASES:
        k["phases"].setdefault(phase, []).append(marks[phase])
    k["closing"].append(marks["closed"] - marks["all-terminal"])
    previous = marks["all-terminal"]
    for phase, _ in CLOSING:  # each part's own time; absent from traces made before these marks
        if phase in marks:
            k["phases"].setdefault("close:" + phase, []).append(marks[phase] - previous)
            previous = marks[phase]
    # in upload order: the first asset meets a JVM just started, a later one (SECOND_UPLOAD_AFTER) a warm one
    uploads = sorted(trace["assets"], key=lambda a: min(h["at"] for h in a["hops"] if h["topic"] == "media.upload.requested"))
    k["assets"].append(asset_figures(uploads[0]["hops"]))
    k["later_assets"].extend(asset_figures(a["hops"]) for a in uploads[1:])

n_runs = len(by_kind["first"]["wall"])
print(f"{seconds} s generated 1080p30 clip; {n_runs} runs of each kind, medians; JVM options and settings: `{options}`;"
      f" 1-minute load at the start {load}.\n")
print("Start-up, seconds from the JVM's start:\n")
print("| ready | " + " | ".join(label for _, label in KINDS) + " |")
print("|---|" + "---:|" * len(KINDS))
for phase, label in PHASES:
    print(f"| {label} | " + " | ".join(f"{med(by_kind[k]['phases'][phase]):.2f}" for k, _ in KINDS) + " |")
print("| closing, after the last asset was terminal | " + " | ".join(f"{med(by_kind[k]['closing']):.2f}" for k, _ in KINDS) + " |")
for phase, label in CLOSING:
    if all("close:" + phase in by_kind[k]["phases"] for k, _ in KINDS):
        print(f"| {label} | " + " | ".join(f"{med(by_kind[k]['phases']['close:' + phase]):.2f}" for k, _ in KINDS) + " |")
print("| whole process, as the shell saw it | " + " | ".join(f"{med(by_kind[k]['wall']):.2f}" for k, _ in KINDS) + " |")

print("\nPer asset, seconds (the hops are as a consumer of each topic saw the records: read committed, so a"
      " transaction's records count when it commits; in brackets, the part of the hop after its record was made:"
      " the commit and the fetch that made it visible):\n")
# columns: each kind's first asset, and its later (warm) assets when the run uploaded more than one
COLUMNS = [(k, "assets", label) for k, label in KINDS]
if any(by_kind[k]["later_assets"] for k, _ in KINDS):
    COLUMNS = [c for k, label in KINDS for c in ((k, "assets", f"{label}, first asset"),
                                                  (k, "later_assets", f"{label}, second asset (warm JVM)"))]
print("| | " + " | ".join(label for _, _, label in COLUMNS) + " |")
print("|---|" + "---:|" * len(COLUMNS))


def hop_cell(kind, which, hop):
    assets = by_kind[kind][which]
    cell = f"{med([a[hop] for a in assets]):.3f}"
    if f"{hop}_visible" in assets[0]:
        cell += f" ({med([a[hop + '_visible'] for a in assets]):.3f})"
    return cell


for hop, label in HOPS:
    print(f"| {label} | " + " | ".join(hop_cell(k, w, hop) for k, w, _ in COLUMNS) + " |")
for key, label in (("total", "upload -> published"), ("encode", "some encode running"),
                   ("first_playable", "upload -> first playable")):
    print(f"| {label} | " + " | ".join(f"{med([a[key] for a in by_kind[k][w]]):.2f}" for k, w, _ in COLUMNS) + " |")
print("| **per-asset overhead** (upload -> published minus some encode running) | " + " | ".join(
    f"**{med([a['total'] - a['encode'] for a in by_kind[k][w]]):.2f}**" for k, w, _ in COLUMNS) + " |")

print("\nMemory, MB (median / highest over the runs):\n")
print("| | " + " | ".join(label for _, label in KINDS) + " |")
print("|---|" + "---:|" * len(KINDS))
for key, label in (("hwm", "vw-media JVM, peak resident (VmHWM)"),
                   ("tree", "JVM and its FFmpeg processes together, highest sample")):
    print(f"| {label} | " + " | ".join(f"{med(by_kind[k][key]):.0f} / {max(by_kind[k][key]):.0f}" for k, _ in KINDS) + " |")
