#!/usr/bin/env bash
# Installs the EdgeCompute gateway as a systemd service on a Raspberry Pi (or any systemd Linux).
#
#   sudo gateway/deploy/install.sh --gateway-file gateways/gw-01.json            # publish from this repository
#   sudo gateway/deploy/install.sh --from ./publish --gateway-file gw-01.json    # copy an already published app
#   gateway/deploy/install.sh --dry-run ...                                      # print what would be done
#
# It creates the `edgecompute` system user (in the i2c and gpio groups), the folders, installs the app into
# /opt/edgecompute/gateway, the unit into /etc/systemd/system, the gateway's README into /usr/share/doc/edgecompute-gateway
# (the unit's Documentation=), and the sample configuration and the gateway file
# into /etc/edgecompute/gateway — but never overwrites an existing configuration or gateway file.
set -euo pipefail

SERVICE=edgecompute-gateway
USER_NAME=edgecompute
APP_DIR=/opt/edgecompute/gateway
CONFIG_DIR=/etc/edgecompute/gateway
DATA_DIR=/var/lib/edgecompute-gateway
DOC_DIR=/usr/share/doc/edgecompute-gateway
UNIT_DIR=/etc/systemd/system
DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$DEPLOY_DIR/../.." && pwd)"

DRY_RUN=0
FROM=""
GATEWAY_FILE=""
RUNTIME=""
START=1

usage() {
  cat <<USAGE
Usage: $0 [--dry-run] [--from PUBLISHED_DIR] [--gateway-file PATH] [--runtime RID] [--no-start]

  --dry-run           print the commands instead of running them
  --from DIR          copy an app published with 'dotnet publish' instead of publishing from this repository
  --gateway-file PATH this gateway's provisioning file (gateways/{id}.json); installed once as $CONFIG_DIR/gateway.json
  --runtime RID       runtime to publish for (default from uname -m: linux-arm64, linux-arm or linux-x64)
  --no-start          install and enable, but do not (re)start the service
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --from) FROM="${2:?--from needs a folder}"; shift ;;
    --gateway-file) GATEWAY_FILE="${2:?--gateway-file needs a path}"; shift ;;
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

if [[ -n "$GATEWAY_FILE" && ! -f "$GATEWAY_FILE" ]]; then
  echo "install.sh: gateway file $GATEWAY_FILE not found" >&2
  exit 1
fi

if [[ -z "$RUNTIME" ]]; then
  case "$(uname -m)" in
    aarch64|arm64) RUNTIME=linux-arm64 ;;
    armv7l|armv6l) RUNTIME=linux-arm ;;
    x86_64) RUNTIME=linux-x64 ;;
    *) echo "install.sh: unknown machine $(uname -m); pass --runtime" >&2; exit 1 ;;
  esac
fi

say "User and groups"
for group in i2c gpio; do
  # systemd refuses to start a unit whose SupplementaryGroups do not exist (Raspberry Pi OS has both).
  if ! getent group "$group" >/dev/null; then
    run groupadd --system "$group"
  fi
done
if ! id -u "$USER_NAME" >/dev/null 2>&1; then
  run useradd --system --no-create-home --home-dir "$DATA_DIR" --shell /usr/sbin/nologin --groups i2c,gpio "$USER_NAME"
else
  run usermod --append --groups i2c,gpio "$USER_NAME"
fi

say "Folders"
run install -d -m 0755 -o root -g root "$APP_DIR"
run install -d -m 0750 -o root -g "$USER_NAME" "$CONFIG_DIR"
run install -d -m 0750 -o "$USER_NAME" -g "$USER_NAME" "$DATA_DIR"

say "Application ($APP_DIR)"
STAGING=""
if [[ -z "$FROM" ]]; then
  if [[ $DRY_RUN -eq 1 ]]; then
    STAGING=/tmp/edgecompute-gateway-publish
  else
    STAGING="$(mktemp -d)"
  fi
  # Self-contained: the Pi needs no .NET runtime installed.
  run dotnet publish "$REPO_DIR/gateway/EdgeCompute.Gateway.Service/EdgeCompute.Gateway.Service.csproj" \
    --configuration Release --runtime "$RUNTIME" --self-contained true --output "$STAGING"
  FROM="$STAGING"
elif [[ ! -x "$FROM/edgecompute-gateway" && $DRY_RUN -eq 0 ]]; then
  echo "install.sh: $FROM/edgecompute-gateway not found; publish the service first" >&2
  exit 1
fi
# Replace the app files (never the configuration, which lives in $CONFIG_DIR).
run find "$APP_DIR" -mindepth 1 -delete
run cp -R "$FROM/." "$APP_DIR/"
run rm -f "$APP_DIR/appsettings.json" "$APP_DIR/appsettings.Development.json"
run chown -R root:root "$APP_DIR"
run chmod 0755 "$APP_DIR/edgecompute-gateway"
if [[ -n "$STAGING" ]]; then
  run rm -rf "$STAGING"
fi

say "Configuration ($CONFIG_DIR)"
if [[ -e "$CONFIG_DIR/appsettings.json" ]]; then
  say "keeping existing $CONFIG_DIR/appsettings.json"
else
  run install -m 0640 -o root -g "$USER_NAME" "$DEPLOY_DIR/appsettings.json" "$CONFIG_DIR/appsettings.json"
fi
if [[ -e "$CONFIG_DIR/gateway.json" ]]; then
  say "keeping existing $CONFIG_DIR/gateway.json"
elif [[ -n "$GATEWAY_FILE" ]]; then
  # It holds the gateway's private key: readable by the service's group only.
  run install -m 0640 -o root -g "$USER_NAME" "$GATEWAY_FILE" "$CONFIG_DIR/gateway.json"
else
  say "no gateway file yet: copy gateways/{id}.json to $CONFIG_DIR/gateway.json (mode 640, group $USER_NAME)"
fi

say "Documentation ($DOC_DIR, the unit's Documentation=)"
run install -d -m 0755 -o root -g root "$DOC_DIR"
run install -m 0644 -o root -g root "$REPO_DIR/gateway/README.md" "$DOC_DIR/README.md"

say "systemd unit"
run install -m 0644 -o root -g root "$DEPLOY_DIR/$SERVICE.service" "$UNIT_DIR/$SERVICE.service"
run systemctl daemon-reload
run systemctl enable "$SERVICE.service"
if [[ $START -eq 1 ]]; then
  if [[ -e "$CONFIG_DIR/gateway.json" || -n "$GATEWAY_FILE" || $DRY_RUN -eq 1 ]]; then
    run systemctl restart "$SERVICE.service"
  else
    say "not starting: no gateway file"
  fi
fi

say "Done. Follow the log with: journalctl -u $SERVICE -f"
