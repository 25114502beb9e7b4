#!/usr/bin/env bash
# Stops the local stack. Data stays in .stack/ unless --wipe is given.
set -euo pipefail
source "$(dirname "$0")/env.sh"
stop() {
  local pidfile=$1 name=$2
  if pid_alive "$pidfile"; then
    log "stopping $name"
    kill "$(cat "$pidfile")"
    for _ in $(seq 30); do pid_alive "$pidfile" || break; sleep 1; done
    pid_alive "$pidfile" && kill -9 "$(cat "$pidfile")"
  fi
  rm -f "$pidfile"
}
stop "$STACK_DIR/kafka/kafka.pid" Kafka
stop "$STACK_DIR/clickhouse/clickhouse.pid" ClickHouse
if [ "${1:-}" = "--wipe" ]; then rm -rf "$STACK_DIR"; log "wiped $STACK_DIR"; fi
