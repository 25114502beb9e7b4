#!/usr/bin/env bash
# Starts the local stack (Kafka + ClickHouse), creates the topics and tables. Safe to run twice.
set -euo pipefail
here="$(dirname "$0")"
source "$here/env.sh"
bash "$here/clickhouse.sh"
bash "$here/kafka.sh"
cd "$STACK_ROOT"
[ -d node_modules ] || npm ci --no-audit --no-fund
npx tsx scripts/stack/prepare.ts
log "ready: KAFKA_BROKERS=$KAFKA_BROKERS CLICKHOUSE_URL=$CLICKHOUSE_URL"
