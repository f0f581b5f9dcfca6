#!/usr/bin/env bash
# EdgeCompute's one test command (the README's, and what .ci/run calls).
#
#  1. installs Mosquitto, PostgreSQL, the DejaVu fonts and Chromium (the dashboard's browser tests) from Debian packages when
#     they are missing;
#     installs the npm packages some tests use from their lockfiles (tests/tools/*: npm ci);
#  2. starts PostgreSQL on loopback, on a free port, with a fresh cluster in a temporary folder;
#  3. builds the whole solution with warnings as errors;
#  4. provisions a test fleet with the built CLI (`edgecompute provision fleet`, 6 devices, 2 gateways, 2 owners) and
#     Mosquitto's password and ACL files for it (`edgecompute provision mosquitto`), then starts Mosquitto on loopback on
#     a free port with those files, persistence, and one extra catch-all test user (for the plain service tests);
#     `edgecompute provision tls` makes the fleet's CA and certificates, and Mosquitto gets two TLS listeners on free
#     ports as `provision mosquitto --tls` prints them: one for gateways (client certificate required, its CN the user
#     name) and one for the coordinator (TLS, user name and password);
#  5. runs every test project with EDGECOMPUTE_REQUIRE_SERVICES=1 (a test that needs a service fails
#     instead of skipping) and the services' addresses in the environment:
#       EDGECOMPUTE_MQTT_HOST, EDGECOMPUTE_MQTT_PORT  where Mosquitto listens
#       EDGECOMPUTE_MQTT_USER, EDGECOMPUTE_MQTT_PASSWORD  the catch-all test user (`topic readwrite #`)
#       EDGECOMPUTE_MQTT_COORDINATOR_USER, EDGECOMPUTE_MQTT_COORDINATOR_PASSWORD_FILE  the coordinator's own user
#         from `provision mosquitto` (reads every up/birth/state, writes every ack/task) and a file holding its password
#       EDGECOMPUTE_TEST_FLEET  the provisioned fleet folder (coordinator.json, gateways/*.json with each gateway's
#         Mosquitto credentials, devices/*.json); its gateways are the only other users Mosquitto knows
#       EDGECOMPUTE_MQTTS_PORT  Mosquitto's TLS listener for gateways (client certificate from the fleet CA required)
#       EDGECOMPUTE_MQTTS_COORDINATOR_PORT  Mosquitto's TLS listener for the coordinator (TLS, then user name and password)
#       EDGECOMPUTE_TLS_DIR  the `provision tls` folder: ca.pem, ca-key.pem, server.pem (127.0.0.1, localhost),
#         server-key.pem, gateways/<id>.pem and gateways/<id>-key.pem
#       EDGECOMPUTE_MOSQUITTO_BIN  the mosquitto binary, for tests that start private instances
#       EDGECOMPUTE_POSTGRES   (an Npgsql connection string to a fresh database)
#  6. stops the services on exit and prints, as its last line, `tests: N passed, N failed, N skipped`
#     summed over all projects. It exits non-zero on any failure.
#
# Options: EDGECOMPUTE_CONFIGURATION (default Release); EDGECOMPUTE_TEST_FILTER (passed to --filter);
#          EDGECOMPUTE_KEEP_WORK=1 keeps the temporary folder (logs, TRX files) for a look afterwards.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
configuration=${EDGECOMPUTE_CONFIGURATION:-Release}
export EDGECOMPUTE_REQUIRE_SERVICES=${EDGECOMPUTE_REQUIRE_SERVICES:-1}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

work=$(mktemp -d /tmp/edgecompute-test.XXXXXX)
chmod 755 "$work"
mosquitto_pid=""
pg_data=""
pg_bin=""

log() { printf '[test.sh] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else
    log "need root to run: $*"; return 1; fi
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

cleanup() {
  local rc=$?
  if [ -n "$mosquitto_pid" ] && kill -0 "$mosquitto_pid" 2>/dev/null; then
    kill "$mosquitto_pid" 2>/dev/null || true
    wait "$mosquitto_pid" 2>/dev/null || true
  fi
  if [ -n "$pg_data" ] && [ -f "$pg_data/postmaster.pid" ]; then
    as_postgres "'$pg_bin/pg_ctl' -D '$pg_data' -m fast -w stop" >/dev/null 2>&1 || true
  fi
  if [ "${EDGECOMPUTE_KEEP_WORK:-0}" = "1" ]; then log "kept $work"; else rm -rf "$work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

find_pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

install_services() {
  local missing=()
  command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
  find_pg_bin >/dev/null || missing+=(postgresql)
  # the charts' labels (ScottPlot on SkiaSharp) need a font; without one they render blank
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  [ -x /usr/bin/chromium ] || missing+=(chromium) # the dashboard's browser tests (Playwright drives this one; no browser download)
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing from Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! as_root apt-get install -y -q "${missing[@]}" >"$work/apt.log" 2>&1; then
    as_root apt-get update -q >>"$work/apt.log" 2>&1
    as_root apt-get install -y -q "${missing[@]}" >>"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log" >&2; return 1; }
  fi
}

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  log "no free port found"; return 1
}

wait_port() { # port, seconds, what
  local i
  for i in $(seq 1 $(( $2 * 10 ))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  log "$3 did not open 127.0.0.1:$1 within $2 s"; return 1
}

cli() { dotnet "cli/EdgeCompute.Cli/bin/$configuration/net10.0/edgecompute.dll" "$@"; }

# The test fleet and Mosquitto's password/ACL files for it, made by the built CLI exactly as an operator makes them.
provision_fleet() {
  local port=$1 tls_port=$2 coordinator_tls_port=$3 fleet="$work/fleet" dir="$work/mosquitto"
  mkdir -p "$dir"
  cli provision fleet --devices 6 --gateways 2 --owners 2 --out "$fleet" --distinct-gateway-ports >"$work/provision.log" 2>&1 \
    || { cat "$work/provision.log" >&2; return 1; }
  export EDGECOMPUTE_TLS_DIR="$dir/tls"
  cli provision tls --fleet "$fleet" --out "$EDGECOMPUTE_TLS_DIR" >>"$work/provision.log" 2>&1 \
    || { cat "$work/provision.log" >&2; return 1; }
  export EDGECOMPUTE_MQTT_COORDINATOR_USER=coordinator
  export EDGECOMPUTE_MQTT_COORDINATOR_PASSWORD_FILE="$work/coordinator-broker.password"
  head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$EDGECOMPUTE_MQTT_COORDINATOR_PASSWORD_FILE"
  cli provision mosquitto --fleet "$fleet" --out "$dir" --coordinator-user "$EDGECOMPUTE_MQTT_COORDINATOR_USER" \
    --coordinator-password-file "$EDGECOMPUTE_MQTT_COORDINATOR_PASSWORD_FILE" --port "$port" \
    --tls "$EDGECOMPUTE_TLS_DIR" --tls-port "$tls_port" --coordinator-tls-port "$coordinator_tls_port" >"$dir/provision-mosquitto.txt" 2>&1 \
    || { cat "$dir/provision-mosquitto.txt" >&2; return 1; }
  export EDGECOMPUTE_TEST_FLEET="$fleet"
}

start_mosquitto() {
  local bin dir port tls_port coordinator_tls_port
  bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)
  export EDGECOMPUTE_MOSQUITTO_BIN=$bin
  dir="$work/mosquitto"; mkdir -p "$dir/data"
  port=$(free_port); tls_port=$(free_port); coordinator_tls_port=$(free_port)
  provision_fleet "$port" "$tls_port" "$coordinator_tls_port"
  export EDGECOMPUTE_MQTTS_PORT=$tls_port EDGECOMPUTE_MQTTS_COORDINATOR_PORT=$coordinator_tls_port
  export EDGECOMPUTE_MQTT_HOST=127.0.0.1 EDGECOMPUTE_MQTT_PORT=$port
  export EDGECOMPUTE_MQTT_USER=edgecompute-test EDGECOMPUTE_MQTT_PASSWORD
  EDGECOMPUTE_MQTT_PASSWORD=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
  # the catch-all user joins the provisioned users (no -c: keep the file `provision mosquitto` wrote)
  mosquitto_passwd -b "$dir/passwd" "$EDGECOMPUTE_MQTT_USER" "$EDGECOMPUTE_MQTT_PASSWORD" >/dev/null
  cat >>"$dir/acl" <<EOF

# added by scripts/test.sh for the plain service tests
user $EDGECOMPUTE_MQTT_USER
topic readwrite #
EOF
  cat >"$dir/mosquitto.conf" <<EOF
listener $port 127.0.0.1
allow_anonymous false
password_file $dir/passwd
acl_file $dir/acl
persistence true
persistence_location $dir/data/
max_queued_messages 100000
max_packet_size 1049600
log_dest file $dir/mosquitto.log
log_type error
log_type warning
log_type notice
EOF
  # The TLS listeners exactly as `provision mosquitto --tls` printed them, bound to loopback: the indented lines from
  # "TLS listeners" on (comments dropped).
  sed -n '/^TLS listeners/,$p' "$dir/provision-mosquitto.txt" | sed -n 's/^  \([a-z].*\)$/\1/p' \
    | sed "s/^listener \([0-9]*\)$/listener \1 127.0.0.1/" >>"$dir/mosquitto.conf"
  grep -q "^listener $tls_port 127.0.0.1" "$dir/mosquitto.conf" && grep -q "^use_identity_as_username true" "$dir/mosquitto.conf" \
    || { log "provision mosquitto --tls printed no TLS listener lines"; cat "$dir/provision-mosquitto.txt" >&2; return 1; }
  if [ "$(id -u)" -eq 0 ]; then
    echo "user mosquitto" >>"$dir/mosquitto.conf"
    chown -R mosquitto "$dir" 2>/dev/null || true
  fi
  "$bin" -c "$dir/mosquitto.conf" >"$dir/stdout.log" 2>&1 &
  mosquitto_pid=$!
  wait_port "$port" 15 mosquitto || { cat "$dir"/*.log >&2; return 1; }
  wait_port "$tls_port" 15 "mosquitto (TLS)" || { cat "$dir"/*.log >&2; return 1; }
  log "mosquitto $("$bin" -h 2>/dev/null | head -1 | awk '{print $3}') on 127.0.0.1:$port, TLS $tls_port (gateways) and $coordinator_tls_port (coordinator) (fleet $EDGECOMPUTE_TEST_FLEET)"
}

start_postgres() {
  local port sock
  pg_bin=$(find_pg_bin)
  pg_data="$work/pg/data"; sock="$work/pg/sock"
  mkdir -p "$pg_data" "$sock"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$work/pg"
  port=$(free_port)
  as_postgres "'$pg_bin/initdb' -D '$pg_data' -A trust -U postgres --no-sync -E UTF8" >"$work/pg/initdb.log" 2>&1 \
    || { cat "$work/pg/initdb.log" >&2; return 1; }
  as_postgres "'$pg_bin/pg_ctl' -D '$pg_data' -l '$work/pg/server.log' -w -t 30 \
    -o \"-p $port -k $sock -c listen_addresses=127.0.0.1\" start" >/dev/null 2>&1 \
    || { cat "$work/pg/server.log" >&2; return 1; }
  as_postgres "'$pg_bin/createdb' -h 127.0.0.1 -p $port -U postgres edgecompute_test"
  export EDGECOMPUTE_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=edgecompute_test"
  log "postgresql $(basename "$(dirname "$pg_bin")") on 127.0.0.1:$port"
}

# npm packages a test needs, from their lockfiles: Eclipse Tahu's Sparkplug decoder (sparkplug-payload) for the
# gateway's Sparkplug B tests.
install_npm_tools() {
  local dir
  for dir in tests/tools/*/; do
    [ -f "$dir/package-lock.json" ] || continue
    if ! command -v npm >/dev/null 2>&1; then log "npm not found: cannot install $dir (node 20 and npm are needed)"; return 1; fi
    log "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts >"$work/npm-$(basename "$dir").log" 2>&1) \
      || { tail -20 "$work/npm-$(basename "$dir").log" >&2; return 1; }
  done
}

install_services
install_npm_tools
start_postgres

log "building EdgeCompute.sln ($configuration, warnings as errors)"
# NU1603 stays a warning: Iot.Device.Bindings 4.2.0 asks for UnitsNet/System.Drawing.Common versions the registry does not
# serve, and NuGet takes the nearest (Directory.Build.props says more).
dotnet build EdgeCompute.sln -c "$configuration" -warnaserror -warnnotaserror:NU1603 -nologo -v:q -clp:ErrorsOnly

# after the build: the fleet and Mosquitto's files are made with the built CLI
start_mosquitto

passed=0; failed=0; skipped=0; broken=()
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  trx="$work/results/$name.trx"
  log "running $name"
  set +e
  dotnet test "$project" -c "$configuration" --no-build -nologo \
    --logger "trx;LogFileName=$trx" --logger "console;verbosity=normal" \
    ${EDGECOMPUTE_TEST_FILTER:+--filter "$EDGECOMPUTE_TEST_FILTER"} >"$work/$name.log" 2>&1
  rc=$?
  set -e
  # failed tests with their messages (and the seed they printed), skipped tests with their reasons
  grep -E -A14 '^\s+Failed [A-Za-z]' "$work/$name.log" | head -300 >&2 || true
  grep -E '^\s+Skipped [A-Za-z]' "$work/$name.log" | head -50 >&2 || true
  if [ ! -f "$trx" ]; then
    log "$name produced no results (exit $rc)"; tail -40 "$work/$name.log" >&2; broken+=("$name"); continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); p=${p:-0}
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=${f:-0}
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); t=${t:-0}
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); e=${e:-0}
  s=$(( t - p - f - e )); [ "$s" -lt 0 ] && s=0
  printf '%-40s %5d passed, %d failed, %d skipped\n' "$name:" "$p" "$(( f + e ))" "$s"
  passed=$(( passed + p )); failed=$(( failed + f + e )); skipped=$(( skipped + s ))
  if [ "$rc" -ne 0 ] && [ $(( f + e )) -eq 0 ]; then broken+=("$name"); fi
done

# The one-command demo, as a user runs it, must show a healthy network: every job completed, no reading lost (computed
# from the coordinator's store), every cheater caught, an epoch paid and the ledger verified from the store. It counts
# as one test; its JSON summary is printed either way.
log "running the demo (edgecompute demo --json)"
set +e
cli demo --json --duration 30 \
  --broker-port 0 --gateway-port 0 --http-port 0 --data "$work/demo" >"$work/demo.log" 2>&1
demo_rc=$?
set -e
demo_json=$(tail -n 1 "$work/demo.log")
# the demo exits 1 when its own checks fail; the JSON is checked again here (with python3 when the machine has it)
demo_check() { command -v python3 >/dev/null || { echo "demo: $1"; return 0; }; python3 - "$1"; }
if [ "$demo_rc" -eq 0 ] && demo_check "$demo_json" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
t, c, l, e = r["telemetry"], r["cheaters"], r["ledger"], r.get("epoch")
ok = (all(j["status"] == "completed" for j in r["jobs"]) and len(r["jobs"]) == 5
      and t["readingsLost"] == 0 and t["readingsStored"] == t["readingsSent"] and t["readingsSent"] > 0
      and c["detected"] == c["count"] and l["verified"] and e is not None and e["totalPaid"] > 0)
print(f"demo: jobs {[j['kind'] + ':' + j['status'] for j in r['jobs']]}, readings sent {t['readingsSent']} stored {t['readingsStored']} "
      f"lost {t['readingsLost']}, cheaters {c['detected']}/{c['count']}, ledger verified {l['verified']}, "
      f"epoch paid {e['totalPaid'] if e else None}")
sys.exit(0 if ok else 1)
PY
then
  printf '%-40s %5d passed, %d failed, %d skipped\n' "demo:" 1 0 0; passed=$(( passed + 1 ))
else
  log "the demo did not show a healthy network (exit $demo_rc)"; tail -40 "$work/demo.log" >&2
  printf '%-40s %5d passed, %d failed, %d skipped\n' "demo:" 0 1 0; failed=$(( failed + 1 ))
fi

status=0
if [ ${#broken[@]} -gt 0 ]; then log "test projects that did not run cleanly: ${broken[*]}"; failed=$(( failed + ${#broken[@]} )); fi
[ "$failed" -gt 0 ] && status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
