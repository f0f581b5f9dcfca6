#!/usr/bin/env bash
# One researcher's WebAssembly job end to end on the README's fleet shape: a coordinator (SQLite, embedded broker), two
# gateways of different owners (one WebAssembly worker each on a 2-core machine), the spectrum module (1 MiB) over COUNT
# signals of 256 KiB, submitted by an owner who owns no gateway with `submit wasm --wait --out`. Prints one JSON line:
# upload seconds, accepted -> first verified task, makespan (accepted -> completed, read from GET /api/jobs/mk every
# second, so +-1 s), tasks/s; then how many outputs were written.
#   bash bench/wasm-job-run.sh 1000             # the coordinator's default queued task slots
#   bash bench/wasm-job-run.sh 200 0            # with NodeDirectoryOptions:GatewayQueuedTaskSlots=0
#   bash bench/wasm-job-run.sh 200 "" false     # gateways with Batching:CutOnTaskResult=false
# Needs a Release build of the CLI, node (examples/spectrum/make-inputs.mjs), the built module
# examples/spectrum/build/spectrum.wasm, and loopback ports 28280-28292. Inputs are made once into $EC_SPECTRUM_INPUTS
# (default /tmp/ec-spectrum-inputs, 1,000 signals from --seed 3) and linked from there.
set -euo pipefail
count=${1:-1000}
queued=${2:-}
cut=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cli="dotnet $root/cli/EdgeCompute.Cli/bin/Release/net10.0/edgecompute.dll"
api=http://127.0.0.1:28280
inputs=${EC_SPECTRUM_INPUTS:-/tmp/ec-spectrum-inputs}
if [ "$(ls "$inputs" 2>/dev/null | wc -l)" -lt "$count" ]; then
  node "$root/examples/spectrum/make-inputs.mjs" --count "$(( count > 1000 ? count : 1000 ))" --seed 3 --out "$inputs" >/dev/null
fi
work=$(mktemp -d /tmp/ec-wasm-job-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"
mkdir in
ls "$inputs" | sort | sed -n "1,${count}p" | while read -r f; do ln "$inputs/$f" "in/$f" 2>/dev/null || cp "$inputs/$f" "in/$f"; done
$cli provision fleet --devices 8 --gateways 2 --owners 4 --gateway-port 28290 --distinct-gateway-ports --api $api --out fleet >/dev/null
env ${queued:+EDGECOMPUTE_CoordinatorOptions__Nodes__GatewayQueuedTaskSlots=$queued} $cli coordinator --fleet fleet --data data \
  --epoch-length 1h --listen mqtt://127.0.0.1:28283 --http $api >coordinator.log 2>&1 & pids+=($!)
until curl -sf $api/api/health >/dev/null; do sleep 0.5; done
$cli ledger deposit --fleet fleet --data data --owner owner-03 --amount 100000000 --reference wasm-job-run --epoch-length 1h >/dev/null
for n in 1 2; do env ${cut:+EDGECOMPUTE_GatewayOptions__Batching__CutOnTaskResult=$cut} $cli gateway --fleet fleet --id gw-0$n --broker mqtt://127.0.0.1:28283 >gateway-$n.log 2>&1 & pids+=($!); done
sleep 8
token=$(grep -m1 '"apiToken"' fleet/owners/owner-03.json | cut -d'"' -f4)
t0=$(date +%s.%N)
( while true; do
    echo "$(date +%s.%N) $(curl -s -H "Authorization: Bearer $token" $api/api/jobs/mk | python3 -c 'import json,sys
try:
  d=json.load(sys.stdin); t=d["tasks"]; print(d["status"], t["verified"], t["total"])
except Exception: print("none")' 2>/dev/null)"
    sleep 1
  done ) >poll.log 2>/dev/null & pids+=($!)
$cli submit wasm --module "$root/examples/spectrum/build/spectrum.wasm" --inputs in --fuel 100000000 --memory 16777216 \
  --max-price 90000000 --deadline 2h --job-id mk --token "$token" --api $api --wait --out results >submit.log 2>&1
sleep 2.5 # the poll sees the completion
python3 - "$work/poll.log" "$t0" "$count" <<'PY'
import json, sys
rows = [l.split() for l in open(sys.argv[1]) if len(l.split()) >= 2]
t0, count = float(sys.argv[2]), int(sys.argv[3])
live = [r for r in rows if r[1] != "none"]
accepted = float(live[0][0])
first = next(float(r[0]) for r in live if int(r[2]) > 0)
done = next(float(r[0]) for r in live if r[1] == "completed")
print(json.dumps({"tasks": count, "uploadS": round(accepted - t0, 1), "acceptedToFirstS": round(first - accepted, 1),
    "makespanS": round(done - accepted, 1), "tasksPerS": round(count / (done - accepted), 2)}))
PY
echo "outputs: $(ls results | grep -c '\.out$')"
