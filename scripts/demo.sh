#!/usr/bin/env bash
# Vigil's main job on this machine: install, start the local stack, run the three
# services, feed a demonstration stream with attacks in it, and show what was caught.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
if [ -z "${KAFKA_BROKERS:-}" ] || [ -z "${CLICKHOUSE_URL:-}" ]; then
  bash scripts/stack/up.sh
  source scripts/stack/env.sh
fi
export KAFKA_BROKERS CLICKHOUSE_URL
node --import tsx scripts/demo/run-demo.ts
