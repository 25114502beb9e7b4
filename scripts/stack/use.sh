# Sourced by the scripts that run Vigil (demo, console): installs what is missing and points
# KAFKA_BROKERS and CLICKHOUSE_URL at the local stack (started here) unless both are set already.
[ -d node_modules ] || npm ci --no-audit --no-fund
if [ -z "${KAFKA_BROKERS:-}" ] || [ -z "${CLICKHOUSE_URL:-}" ]; then
  bash scripts/stack/up.sh
  source scripts/stack/env.sh
fi
export KAFKA_BROKERS CLICKHOUSE_URL
