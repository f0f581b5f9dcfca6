#!/usr/bin/env bash
# Runs the whole test command (scripts/test.sh, what .ci/run runs) N times, each time from a fresh clone of the current
# commit in a temporary folder (no build output, no obj/ folders, nothing untracked carried over), and prints each run's
# total line. A flaky test shows up as a run whose total differs. Exits non-zero when any run failed.
#
#   bash scripts/soak.sh 5
#
# Only committed work is tested (uncommitted changes are not in the clone; the script says so). The runs' logs stay in
# the folder printed at the start when a run fails, or always with EDGECOMPUTE_KEEP_WORK=1. Options of scripts/test.sh
# (EDGECOMPUTE_CONFIGURATION, EDGECOMPUTE_TEST_FILTER) pass through.
set -euo pipefail

runs=${1:-5}
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bash scripts/soak.sh N   (N runs of scripts/test.sh, each from a fresh clone; N >= 1)" >&2
  exit 2
fi

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
commit=$(git -C "$repo" rev-parse HEAD)
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
  echo "[soak.sh] note: uncommitted changes in $repo are not tested; the clones hold commit ${commit:0:12}" >&2
fi

work=$(mktemp -d /tmp/edgecompute-soak.XXXXXX)
chmod 755 "$work"
echo "[soak.sh] $runs runs of scripts/test.sh at ${commit:0:12}, logs in $work" >&2

failed=0
for run in $(seq 1 "$runs"); do
  clone="$work/run-$run"
  git clone --quiet --no-hardlinks "$repo" "$clone"
  git -C "$clone" checkout --quiet --detach "$commit"
  start=$(date +%s)
  set +e
  (cd "$clone" && bash scripts/test.sh) >"$work/run-$run.log" 2>&1
  rc=$?
  set -e
  seconds=$(( $(date +%s) - start ))
  total=$(grep -E '^tests: ' "$work/run-$run.log" | tail -n 1)
  total=${total:-"tests: no total (scripts/test.sh exited $rc before the end)"}
  line="run $run/$runs: $total (exit $rc, ${seconds} s)"
  echo "$line"
  if [ "$rc" -ne 0 ]; then
    failed=$(( failed + 1 ))
    grep -E -A14 '^\s+Failed [A-Za-z]' "$work/run-$run.log" | head -60 >&2 || true
  fi
  rm -rf "$clone" # the build output of one run is large; its log stays
done

echo "soak: $(( runs - failed )) of $runs runs passed"
if [ "$failed" -eq 0 ] && [ "${EDGECOMPUTE_KEEP_WORK:-0}" != "1" ]; then rm -rf "$work"; fi
[ "$failed" -eq 0 ]
