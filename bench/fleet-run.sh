#!/usr/bin/env bash
# The real processes at fleet scale: one coordinator (SQLite), GATEWAYS gateways (their own ports and data folders) and
# ONE `edgecompute simulate` process running DEVICES devices spread over them (each device on its own gateway), all on
# loopback in a temporary folder, with the simulator's defaults (3 channels, 1 Hz samples, 10 s windows, summaries).
#   bash bench/fleet-run.sh DEVICES GATEWAYS SECONDS [BATCH_AGE_MS] [TICK_THREADS]
#   bash bench/fleet-run.sh 10000 10 60          # the issue-21 run: 10,000 devices on 10 gateways for 60 s, batch age 1 s
#   bash bench/fleet-run.sh 10000 10 60 250      # a shorter batch age
# Windows are aligned to the clock (every device seals at each 10 s boundary), so the measured span is SECONDS of whole
# windows starting at the first boundary after the devices began ticking; the simulator runs on to seal the last one.
#   expected = DEVICES x 3 channels x 1 Hz x SECONDS: what the schedule should produce in that span
#   stored   = readings of the frames the coordinator stored whose window starts in that span (frames are unique by
#              device, boot and seq in the store; "dup" counts frames the coordinator reported as duplicates)
#   latency  = reading to the coordinator's receipt: its receive time of the batch holding the frame (it decodes the
#              batch then, and commits it after) minus the window's end (when the device seals the frame, up to one 250 ms
#              tick later); p50/p99 over every frame in the span. The commit follows within the coordinator's arrival ->
#              signed ack (below). Before stop 31 this was called reading-to-stored.
#   seal     = per frame (simulate --frame-log gives each frame's seal time): window end -> the simulator's step that
#              sealed it (its own delay: thousands of devices share 2 cores, where each board seals on its own), and
#              sealed -> the coordinator's receipt (the network's part)
#   hops     = the same frames split where they can be timed (simulate --frame-log gives each frame's PUBACK time):
#              device   window end -> the gateway's PUBACK (sent after its durable commit): sealing, the device link,
#                       the gateway's ingest and group commit
#              uplink   PUBACK -> the coordinator's receive time of the batch: the batch's age, its upload, the
#                       coordinator's queue before it decodes the batch
#              and from the processes' own histograms on /metrics (p50/p99 are the upper bounds of their buckets):
#              the gateways' window age at commit (window end -> durable outbox commit, per window summary) and ingest
#              (frame decode -> that commit), their batches' first send -> signed ack (the upload, the coordinator's queue
#              and its commit), and the coordinator's arrival -> signed ack (per batch). The simulator's
#              PUBACK times lag when its own thread pool is busy, so the gateways' window age is the device hop's measure;
#              the PUBACK split shows how far the simulator lags (an uplink hop below zero).
#              The gateways' /metrics run only with FLEET_GATEWAY_METRICS=true (ports 22000 and up), so the default run
#              is as before. Until stop 31 each listener watched the working directory (config reload: a recursive
#              inotify watch over every process's SQLite files here) and ten of them cost 15-25 CPU-s a run; no longer.
# Per process: peak RSS (VmHWM) and CPU seconds (user+sys) over the whole run; the load average before and after.
# The simulator's devices speak MQTT 3.1.1, as boards do, with no MQTT keep-alive (MQTTnet's client wakes every 250 ms
# per connection to check it; on loopback a dead simulator's sockets close anyway, so the wills still go out); their
# rings are a board's 16,384 bytes (a simulated ring allocates only what waits in it). Until stop 32 the script also
# shrank the rings to 4,105 bytes and ran the simulator with DOTNET_GCConserveMemory=9; the simulator's growing rings and
# its heap compaction after each burst made both unnecessary. FLEET_SIM_ARGS and FLEET_SIM_ENV (environment for the
# simulator, e.g. FLEET_SIM_ENV=DOTNET_GCConserveMemory=9) replace the defaults (FLEET_SIM_ARGS= runs the simulator at
# its own: MQTT 5, keep-alive 30 s).
# The last line is one summary; exit 0 when stored >= 85 % of expected, 1 otherwise, 2 when a process failed to start.
# Needs a Release build of the CLI. Loopback ports 21883 (coordinator MQTT), 21180 (API), 21900.. (gateways), 22000..
# (gateways' /metrics, when on): below
# Linux's range for outgoing connections (32768-60999), which ten thousand device connections draw from.
set -euo pipefail
devices=${1:?usage: fleet-run.sh DEVICES GATEWAYS SECONDS [BATCH_AGE_MS] [TICK_THREADS]}
gateways=${2:?GATEWAYS}
seconds=${3:?SECONDS}
age_ms=${4:-1000}
tick_threads=${5:-2}
sim_args=${FLEET_SIM_ARGS---mqtt 3.1.1 --keep-alive 0}
sim_env=${FLEET_SIM_ENV-}
gateway_metrics=${FLEET_GATEWAY_METRICS:-false}
window=10 channels=3 rate=1
root=$(cd "$(dirname "$0")/.." && pwd)
cli="$root/cli/EdgeCompute.Cli/bin/Release/net10.0/edgecompute.dll"
api=http://127.0.0.1:21180
work=$(mktemp -d /tmp/ec-fleet-run-XXXXXX)
pids=() names=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${sampler:-}" ] && kill "$sampler" 2>/dev/null || true
  [ -n "${FLEET_RUN_KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
# The simulator holds one socket per device: it needs more open files than devices. Raise the soft limit when allowed.
need_files=$((devices + 1024))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need_files" ]; then
  ulimit -n "$need_files" 2>/dev/null || ulimit -S -n "$(ulimit -H -n)" 2>/dev/null || true
  if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need_files" ]; then
    echo "fleet-run: $devices devices need about $need_files open files in the simulator; this shell allows $(ulimit -n) (ulimit -n) and may not raise it"
    exit 2
  fi
fi
cd "$work"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
dotnet "$cli" provision fleet --devices "$devices" --gateways "$gateways" --gateway-host 127.0.0.1 --gateway-port 21900 \
  --distinct-gateway-ports --api $api --out fleet >/dev/null
dotnet "$cli" coordinator --fleet fleet --data data --epoch-length 1h --listen mqtt://127.0.0.1:21883 --http $api >coordinator.log 2>&1 &
pids+=($!) names+=(coordinator)
for _ in $(seq 1 120); do curl -sf $api/api/health >/dev/null && break; sleep 0.5; done
curl -sf $api/api/health >/dev/null || { echo "coordinator did not start:"; tail -n 20 coordinator.log; exit 2; }
age=$(printf '00:00:%02d.%03d' $((age_ms / 1000)) $((age_ms % 1000)))
for n in $(seq 1 "$gateways"); do
  id=$(printf 'gw-%02d' "$n")
  EDGECOMPUTE_GatewayOptions__Batching__MaxAge=$age EDGECOMPUTE_MonitoringOptions__Enabled=$gateway_metrics EDGECOMPUTE_MonitoringOptions__Port=$((21999 + n)) \
    dotnet "$cli" gateway --fleet fleet --id "$id" --data "gw/$id" \
    --broker mqtt://127.0.0.1:21883 >"gateway-$n.log" 2>&1 &
  pids+=($!) names+=("$id")
done
for n in $(seq 1 "$gateways"); do
  port=$((21899 + n))
  for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.5; done
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "gateway $n did not listen on $port:"; tail -n 20 "gateway-$n.log"; exit 2; }
done
# Every process's peak RSS and CPU ticks, once a second, the last value kept (VmHWM only grows).
sample() {
  while true; do
    for i in "${!pids[@]}"; do
      pid=${pids[$i]}
      [ -r "/proc/$pid/status" ] || continue
      hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null) || continue
      ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null) || continue
      [ -n "$hwm" ] && echo "$hwm $ticks" >"proc-${names[$i]}.txt"
    done
    sleep 1
  done
}
# The simulator runs the span plus two windows: up to one to reach the first boundary, one to seal the span's last window.
run_for=$((seconds + 2 * window + 2))
env $sim_env dotnet "$cli" simulate --fleet fleet --duration "$run_for" --rate $rate --window $window --seed 21 --data sim \
  --tick-threads "$tick_threads" --frame-log acks.csv $sim_args --json >simulate.log 2>simulate.err &
sim=$!
pids+=($sim) names+=(simulator)
sample & sampler=$!
wait "$sim" || { echo "simulator failed:"; tail -n 5 simulate.err simulate.log; exit 2; }
summary=$(tail -n 1 simulate.log)
# Drain: wait until the stored count stops growing for 3 s (at most 120 s).
db=data/telemetry.db
count() { sqlite3 -cmd ".timeout 5000" "file:$db?mode=ro" "SELECT COALESCE(SUM(readings),0) FROM telemetry_frames;" 2>/dev/null || echo -1; }
last=-1 still=0
for _ in $(seq 1 240); do
  now=$(count)
  if [ "$now" = "$last" ]; then still=$((still + 1)); [ $still -ge 6 ] && break; else still=0; fi
  last=$now
  sleep 0.5
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
curl -sf $api/metrics >coordinator-metrics.txt || : >coordinator-metrics.txt
for n in $(seq 1 "$gateways"); do curl -sf "http://127.0.0.1:$((21999 + n))/metrics" || :; done >gateway-metrics.txt
kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; sampler=
hz=$(getconf CLK_TCK)
mem=$(for name in "${names[@]}"; do [ -f "proc-$name.txt" ] && read -r kb ticks <"proc-$name.txt" && echo "$name $kb $ticks"; done | python3 -c '
import sys
rows = [l.split() for l in sys.stdin if l.strip()]
hz = float(sys.argv[1])
gw = [r for r in rows if r[0].startswith("gw-")]
def fmt(name, kb, ticks): return "%s %.0f MB %.1f cpu-s" % (name, int(kb) / 1024, int(ticks) / hz)
out = [fmt(*r) for r in rows if not r[0].startswith("gw-")]
if gw:
    out.append("gateways max %.0f MB (sum %.0f MB) %.1f cpu-s in all" % (max(int(r[1]) for r in gw) / 1024, sum(int(r[1]) for r in gw) / 1024, sum(int(r[2]) for r in gw) / hz))
print(", ".join(out))
' "$hz")
sqlite3 -cmd ".timeout 5000" "file:$db?mode=ro" -separator ' ' \
  "SELECT f.window_start_ms, f.readings, b.received_at_ms, f.device, f.boot, f.seq FROM telemetry_frames f JOIN telemetry_batches b ON b.gateway = f.gateway AND b.boot = f.batch_boot AND b.seq = f.batch_seq WHERE f.type = (SELECT type FROM telemetry_frames GROUP BY type ORDER BY COUNT(*) DESC LIMIT 1);" >frames.txt
dups=$(sqlite3 -cmd ".timeout 5000" "file:$db?mode=ro" "SELECT COALESCE(SUM(value),0) FROM telemetry_counters WHERE name = 'frame_duplicates';")
python3 - "$summary" "$devices" "$gateways" "$seconds" "$age_ms" "$window" "$channels" "$rate" "$load_before" "$load_after" "$mem" "$dups" "$tick_threads" "$sim_args" "$sim_env" <<'EOF'
import json, sys, math
summary, devices, gateways, seconds, age_ms, window, channels, rate, load_before, load_after, mem, dups, threads, sim_args, sim_env = sys.argv[1:]
s = json.loads(summary)
devices, gateways, seconds, age_ms, window, channels, rate = int(devices), int(gateways), int(seconds), int(age_ms), int(window), int(channels), float(rate)
w = window * 1000
span_start = math.ceil(s["tickingSinceMs"] / w) * w
span_end = span_start + seconds * 1000
acked = {}
for line in open("acks.csv").read().splitlines()[1:]:
    device, boot, seq, end, sealed, at = line.split(",")
    acked[(device, int(boot), int(seq))] = (int(sealed) if sealed else None, int(at))
stored, lat, device_hop, uplink_hop, seal_delay, from_seal = 0, [], [], [], [], []
for line in open("frames.txt"):
    start, readings, received, device, boot, seq = line.split()
    start, readings, received = int(start), int(readings), int(received)
    if span_start <= start < span_end:
        stored += readings
        lat.append(received - (start + w))
        sealed, at = acked.get((device, int(boot), int(seq)), (None, None))
        if at is not None:
            device_hop.append(at - (start + w))
            uplink_hop.append(received - at)
        if sealed is not None:
            seal_delay.append(sealed - (start + w))
            from_seal.append(received - sealed)
for values in (lat, device_hop, uplink_hop, seal_delay, from_seal):
    values.sort()
def q(p, values=None):
    values = lat if values is None else values
    return values[min(len(values) - 1, int(math.ceil(p * len(values))) - 1)] if values else float("nan")
# A histogram from Prometheus text: cumulative buckets (seconds) summed over its label sets (every gateway).
def histogram(path, metric):
    buckets = {}
    for line in open(path):
        if line.startswith(metric + "_bucket{"):
            le = line.split('le="', 1)[1].split('"', 1)[0]
            le = float("inf") if le == "+Inf" else float(le)
            buckets[le] = buckets.get(le, 0) + float(line.rsplit(" ", 1)[1])
    return buckets
def hq(buckets, p):
    total = buckets.get(float("inf"), 0)
    for le in sorted(buckets):
        if total and buckets[le] >= p * total:
            return "%.0f" % (le * 1000) if le != float("inf") else "inf"
    return "nan"
def hsummary(buckets, unit):
    return "p50 <= %s ms, p99 <= %s ms over %d %s" % (hq(buckets, 0.5), hq(buckets, 0.99), buckets.get(float("inf"), 0), unit)
ack = histogram("coordinator-metrics.txt", "edgecompute_batch_ack_duration_seconds")
age = histogram("gateway-metrics.txt", "edgecompute_gateway_window_age_seconds")
ingest = histogram("gateway-metrics.txt", "edgecompute_gateway_ingest_duration_seconds")
upload = histogram("gateway-metrics.txt", "edgecompute_batch_ack_duration_seconds")
expected = devices * channels * rate * seconds
share = stored / expected if expected else 0
print("simulator: %d devices, %s of %s readings sent, %d connect attempts, ticking from %d, %d steps, %d over the 250 ms tick, longest %.0f ms, %d tick errors"
      % (s["devices"], s["readingsSent"], s["readingsProduced"], s["connectAttempts"], s["tickingSinceMs"], s["steps"], s["stepsOverrun"], s["longestStepMs"], s["tickErrors"]))
gateway_hops = ("gateways' window age at commit %s, their ingest %s, their batches' send -> signed ack %s" % (hsummary(age, "windows"), hsummary(ingest, "frames"), hsummary(upload, "batches"))
                if age else "gateways' histograms off (FLEET_GATEWAY_METRICS=true turns them on)")
print("seal: window end -> the simulator's step sealed it p50 %.0f ms, p99 %.0f ms; sealed -> coordinator receipt p50 %.0f ms, p99 %.0f ms (%d frames with a seal time)"
      % (q(0.5, seal_delay), q(0.99, seal_delay), q(0.5, from_seal), q(0.99, from_seal), len(from_seal)))
print("hops: %s; coordinator arrival -> signed ack %s; "
      "by the simulator's PUBACK times: window end -> PUBACK p50 %.0f ms, p99 %.0f ms, PUBACK -> coordinator receive p50 %.0f ms, p99 %.0f ms (%d of %d frames in the log)"
      % (gateway_hops, hsummary(ack, "batches"), q(0.5, device_hop), q(0.99, device_hop), q(0.5, uplink_hop), q(0.99, uplink_hop), len(device_hop), len(lat)))
print("fleet-run: %d devices / %d gateways, %d s, batch age %d ms, tick threads %s, simulator [%s] [%s]: stored %d of %d expected readings (%.1f %%), %s duplicate frames; "
      "reading to coordinator receipt p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d frames); memory and CPU: %s; load %s -> %s; %s"
      % (devices, gateways, seconds, age_ms, threads, sim_args, sim_env, stored, expected, 100 * share, dups, q(0.5), q(0.99), lat[-1] if lat else float("nan"), len(lat),
         mem, load_before, load_after, "REAL TIME HELD" if share >= 0.85 else "REAL TIME BROKEN"))
sys.exit(0 if share >= 0.85 else 1)
EOF
