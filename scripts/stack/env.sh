# Shared settings of the local stack; every value can be overridden from the environment.
STACK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STACK_DIR="${VIGIL_STACK_DIR:-$STACK_ROOT/.stack}"
KAFKA_PORT="${VIGIL_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${VIGIL_KAFKA_CONTROLLER_PORT:-19093}"
KAFKA_HEAP="${VIGIL_KAFKA_HEAP:-512m}"
CLICKHOUSE_HTTP_PORT="${VIGIL_CLICKHOUSE_HTTP_PORT:-18123}"
CLICKHOUSE_TCP_PORT="${VIGIL_CLICKHOUSE_TCP_PORT:-19000}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
export CLICKHOUSE_URL="${CLICKHOUSE_URL:-http://127.0.0.1:$CLICKHOUSE_HTTP_PORT}"

log() { printf '[stack] %s\n' "$*" >&2; }

# wait_for NAME SECONDS COMMAND...: polls COMMAND until it succeeds or the time is up.
wait_for() {
  local name=$1 seconds=$2
  shift 2
  for _ in $(seq "$seconds"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  log "$name did not answer within ${seconds}s"
  return 1
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pid PIDFILE NAME: stops the process politely, then for good after 30 s.
stop_pid() {
  local pidfile=$1 name=$2
  if pid_alive "$pidfile"; then
    log "stopping $name"
    kill "$(cat "$pidfile")"
    for _ in $(seq 30); do pid_alive "$pidfile" || break; sleep 1; done
    pid_alive "$pidfile" && kill -9 "$(cat "$pidfile")"
  fi
  rm -f "$pidfile"
}
