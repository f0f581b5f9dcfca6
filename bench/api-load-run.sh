#!/usr/bin/env bash
# Batch ingest beside HTTP API traffic: a coordinator, two gateways and their simulated devices (8 devices, 1 Hz
# samples, 10 s windows) run for SECONDS; with "loaded", `api-load` runs 50 clients hammering the API's public
# endpoints the whole time (most refused by the per-address rate limit); "answered" does the same with the coordinator's
# rate limits off (EDGECOMPUTE_ApiLimitsOptions__RateLimitsEnabled=false), so every request is served. Prints readings sent (the simulators' own count), readings stored (GET /api/stats once
# ingest has drained), how long after the simulations ended the last reading was stored (polled every 0.5 s), and the
# batch ack latency (first send to the coordinator's signed ack) from both gateways' edgecompute_batch_ack_duration_seconds
# histograms (their /metrics on 39464 and 39465): batches, mean, and the bucket bounds holding the median and the 99th.
#   bash bench/api-load-run.sh quiet 120
#   bash bench/api-load-run.sh loaded 120
#   bash bench/api-load-run.sh answered 120
# Needs a Release build of the CLI and the benchmarks. Loopback ports 31883-31885, 38080, 39464-39465. Exit 1 when stored != sent.
set -euo pipefail
mode=${1:-loaded}
seconds=${2:-120}
root=$(cd "$(dirname "$0")/.." && pwd)
cli="$root/cli/EdgeCompute.Cli/bin/Release/net10.0/edgecompute.dll"
bench="$root/bench/EdgeCompute.Benchmarks/bin/Release/net10.0/EdgeCompute.Benchmarks.dll"
api=http://127.0.0.1:38080
work=$(mktemp -d /tmp/ec-api-load-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
dotnet "$cli" provision fleet --devices 8 --gateways 2 --owners 2 --gateway-port 31884 --distinct-gateway-ports --api $api --out fleet >/dev/null
limits=true; [ "$mode" = answered ] && limits=false
EDGECOMPUTE_ApiLimitsOptions__RateLimitsEnabled=$limits dotnet "$cli" coordinator --fleet fleet --data data --epoch-length 1h --listen mqtt://127.0.0.1:31883 --http $api >coordinator.log 2>&1 & pids+=($!)
until curl -sf $api/api/health >/dev/null; do sleep 0.5; done
for n in 1 2; do
  EDGECOMPUTE_MonitoringOptions__Enabled=true EDGECOMPUTE_MonitoringOptions__Port=$((39463 + n)) \
    dotnet "$cli" gateway --fleet fleet --id gw-0$n --broker mqtt://127.0.0.1:31883 >gateway-$n.log 2>&1 & pids+=($!)
done
sleep 5
if [ "$mode" != quiet ]; then
  dotnet "$bench" api-load --api $api --clients 50 --seconds $((seconds + 10)) >api-load.log 2>&1 & load=$!; pids+=($load)
fi
for n in 1 2; do
  dotnet "$cli" simulate --fleet fleet --gateway gw-0$n --broker mqtt://127.0.0.1:3188$((n + 3)) --duration "$seconds" --json >simulate-$n.log 2>&1 & sims[$n]=$!; pids+=(${sims[$n]})
done
wait "${sims[1]}" "${sims[2]}"
ended=$(date +%s.%N)
sent=$(for n in 1 2; do tail -n 1 simulate-$n.log | python3 -c 'import json,sys; print(json.load(sys.stdin)["readingsSent"])'; done | paste -sd+ | bc)
# Polled with an owner's token: its own bucket, not the one the load's address has emptied.
token=$(grep -m1 '"apiToken"' fleet/owners/owner-01.json | cut -d'"' -f4)
stored=0
for _ in $(seq 1 240); do
  # an answer cut short by the load reads as -1 and is polled again
  stored=$(curl -s -m 5 -H "Authorization: Bearer $token" $api/api/stats | python3 -c '
import json, sys
try: print(json.load(sys.stdin).get("readingsStored", -1))
except ValueError: print(-1)')
  [ "$stored" -ge "$sent" ] && break
  sleep 0.5
done
drained=$(echo "$(date +%s.%N) - $ended" | bc)
if [ "$mode" != quiet ]; then wait "$load" || true; cat api-load.log | tail -n 1; fi
# Both gateways' ack latency histograms, merged: cumulative buckets summed per bound.
ack=$(for n in 1 2; do curl -s http://127.0.0.1:$((39463 + n))/metrics; done | python3 -c '
import sys, re, collections
buckets = collections.Counter(); total = 0.0; count = 0
for line in sys.stdin:
    m = re.match(r"edgecompute_batch_ack_duration_seconds_(bucket|sum|count)\{([^}]*)\} ([0-9.eE+-]+)", line)
    if not m: continue
    kind, labels, value = m.group(1), m.group(2), float(m.group(3))
    if kind == "bucket":
        le = re.search(r"le=\"([^\"]+)\"", labels).group(1)
        buckets[float("inf") if le == "+Inf" else float(le)] += value
    elif kind == "sum": total += value
    else: count += int(value)
def bound(q):
    for le in sorted(buckets):
        if buckets[le] >= q * count: return "<= %g s" % le if le != float("inf") else "> last bound"
    return "?"
print("%d batches acked, mean %.3f s, median %s, 99th %s" % (count, total / count, bound(0.5), bound(0.99)) if count else "no acked batches")
')
printf 'mode %s, %s s: readings sent %s, stored %s; stored in full %.1f s after the simulations ended; ack latency: %s\n' "$mode" "$seconds" "$sent" "$stored" "$drained" "$ack"
[ "$stored" -eq "$sent" ]
