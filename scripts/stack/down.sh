#!/usr/bin/env bash
# Stops the local stack. Data stays in .stack/ unless --wipe is given.
set -euo pipefail
source "$(dirname "$0")/env.sh"
here="$(dirname "$0")"
bash "$here/kafka.sh" stop
bash "$here/clickhouse.sh" stop
if [ "${1:-}" = "--wipe" ]; then rm -rf "$STACK_DIR"; log "wiped $STACK_DIR"; fi
