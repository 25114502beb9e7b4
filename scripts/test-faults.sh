#!/usr/bin/env bash
# The whole fault suite (test/faults/, issue #11) at full size on the local stack, which it
# starts if needed; it stops and starts the stack's Kafka and ClickHouse on purpose. About 20 min.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/stack/up.sh
source scripts/stack/env.sh
export KAFKA_BROKERS CLICKHOUSE_URL
exec npx vitest run --config test/faults/vitest.config.ts "$@"
