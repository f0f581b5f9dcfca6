#!/usr/bin/env bash
# Installs the EdgeCompute coordinator as a systemd service on a Linux server.
#
#   sudo coordinator/deploy/install.sh --fleet-file fleet/coordinator.json             # publish from this repository
#   sudo coordinator/deploy/install.sh --from ./publish --fleet-file coordinator.json  # copy an already published app
#   coordinator/deploy/install.sh --dry-run ...                                        # print what would be done
#
# It creates the `edgecompute` system user, the folders, installs the app into /opt/edgecompute/coordinator, the unit
# into /etc/systemd/system, the coordinator's README into /usr/share/doc/edgecompute-coordinator (the unit's
# Documentation=), and the sample configuration and the fleet's coordinator.json into /etc/edgecompute/coordinator —
# but never overwrites an existing configuration or coordinator.json.
set -euo pipefail

SERVICE=edgecompute-coordinator
USER_NAME=edgecompute
APP_DIR=/opt/edgecompute/coordinator
CONFIG_DIR=/etc/edgecompute/coordinator
DATA_DIR=/var/lib/edgecompute-coordinator
DOC_DIR=/usr/share/doc/edgecompute-coordinator
UNIT_DIR=/etc/systemd/system
DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$DEPLOY_DIR/../.." && pwd)"

DRY_RUN=0
FROM=""
FLEET_FILE=""
RUNTIME=""
START=1

usage() {
  cat <<USAGE
Usage: $0 [--dry-run] [--from PUBLISHED_DIR] [--fleet-file PATH] [--runtime RID] [--no-start]

  --dry-run           print the commands instead of running them
  --from DIR          copy an app published with 'dotnet publish' instead of publishing from this repository
  --fleet-file PATH   the fleet's coordinator.json (from 'edgecompute provision fleet'); installed once as
                      $CONFIG_DIR/fleet/coordinator.json
  --runtime RID       runtime to publish for (default from uname -m: linux-x64, linux-arm64 or linux-arm)
  --no-start          install and enable, but do not (re)start the service
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --from) FROM="${2:?--from needs a folder}"; shift ;;
    --fleet-file) FLEET_FILE="${2:?--fleet-file needs a path}"; shift ;;
    --runtime) RUNTIME="${2:?--runtime needs a runtime identifier}"; shift ;;
    --no-start) START=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

# Runs a command, or prints it with --dry-run.
run() {
  if [[ $DRY_RUN -eq 1 ]]; then
    printf '+'
    printf ' %q' "$@"
    printf '\n'
  else
    "$@"
  fi
}

say() { printf '==> %s\n' "$*"; }

if [[ $DRY_RUN -eq 0 && $EUID -ne 0 ]]; then
  echo "install.sh: run as root (sudo), or with --dry-run to see the steps" >&2
  exit 1
fi

if [[ -n "$FLEET_FILE" && ! -f "$FLEET_FILE" ]]; then
  echo "install.sh: fleet file $FLEET_FILE not found" >&2
  exit 1
fi

if [[ -z "$RUNTIME" ]]; then
  case "$(uname -m)" in
    x86_64) RUNTIME=linux-x64 ;;
    aarch64|arm64) RUNTIME=linux-arm64 ;;
    armv7l|armv6l) RUNTIME=linux-arm ;;
    *) echo "install.sh: unknown machine $(uname -m); pass --runtime" >&2; exit 1 ;;
  esac
fi

say "User"
if ! id -u "$USER_NAME" >/dev/null 2>&1; then
  run useradd --system --no-create-home --home-dir "$DATA_DIR" --shell /usr/sbin/nologin "$USER_NAME"
fi

say "Folders"
run install -d -m 0755 -o root -g root "$APP_DIR"
run install -d -m 0750 -o root -g "$USER_NAME" "$CONFIG_DIR"
run install -d -m 0750 -o root -g "$USER_NAME" "$CONFIG_DIR/fleet"
run install -d -m 0750 -o "$USER_NAME" -g "$USER_NAME" "$DATA_DIR"

say "Application ($APP_DIR)"
STAGING=""
if [[ -z "$FROM" ]]; then
  if [[ $DRY_RUN -eq 1 ]]; then
    STAGING=/tmp/edgecompute-coordinator-publish
  else
    STAGING="$(mktemp -d)"
  fi
  # Self-contained: the server needs no .NET runtime installed.
  run dotnet publish "$REPO_DIR/coordinator/EdgeCompute.Coordinator.Service/EdgeCompute.Coordinator.Service.csproj" \
    --configuration Release --runtime "$RUNTIME" --self-contained true --output "$STAGING"
  FROM="$STAGING"
elif [[ ! -x "$FROM/edgecompute-coordinator" && $DRY_RUN -eq 0 ]]; then
  echo "install.sh: $FROM/edgecompute-coordinator not found; publish the service first" >&2
  exit 1
fi
# Replace the app files (never the configuration, which lives in $CONFIG_DIR).
run find "$APP_DIR" -mindepth 1 -delete
run cp -R "$FROM/." "$APP_DIR/"
run rm -f "$APP_DIR/appsettings.json" "$APP_DIR/appsettings.Development.json"
run chown -R root:root "$APP_DIR"
run chmod 0755 "$APP_DIR/edgecompute-coordinator"
if [[ -n "$STAGING" ]]; then
  run rm -rf "$STAGING"
fi

say "Configuration ($CONFIG_DIR)"
if [[ -e "$CONFIG_DIR/appsettings.json" ]]; then
  say "keeping existing $CONFIG_DIR/appsettings.json"
else
  run install -m 0640 -o root -g "$USER_NAME" "$DEPLOY_DIR/appsettings.json" "$CONFIG_DIR/appsettings.json"
fi
if [[ -e "$CONFIG_DIR/fleet/coordinator.json" ]]; then
  say "keeping existing $CONFIG_DIR/fleet/coordinator.json"
elif [[ -n "$FLEET_FILE" ]]; then
  # It holds the coordinator's private key and every owner's API token: readable by the service's group only.
  run install -m 0640 -o root -g "$USER_NAME" "$FLEET_FILE" "$CONFIG_DIR/fleet/coordinator.json"
else
  say "no fleet file yet: copy the fleet's coordinator.json to $CONFIG_DIR/fleet/coordinator.json (mode 640, group $USER_NAME)"
fi

say "Documentation ($DOC_DIR, the unit's Documentation=)"
run install -d -m 0755 -o root -g root "$DOC_DIR"
run install -m 0644 -o root -g root "$REPO_DIR/coordinator/README.md" "$DOC_DIR/README.md"

say "systemd unit"
run install -m 0644 -o root -g root "$DEPLOY_DIR/$SERVICE.service" "$UNIT_DIR/$SERVICE.service"
run systemctl daemon-reload
run systemctl enable "$SERVICE.service"
if [[ $START -eq 1 ]]; then
  if [[ -e "$CONFIG_DIR/fleet/coordinator.json" || -n "$FLEET_FILE" || $DRY_RUN -eq 1 ]]; then
    run systemctl restart "$SERVICE.service"
  else
    say "not starting: no fleet file"
  fi
fi

say "Done. Follow the log with: journalctl -u $SERVICE -f"
