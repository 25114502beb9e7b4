#!/usr/bin/env bash
# The web console on 127.0.0.1:9470 (VIGIL_CONSOLE_PORT) over the local stack, or the Kafka and
# ClickHouse in KAFKA_BROKERS and CLICKHOUSE_URL. Without VIGIL_CONSOLE_TOKENS it makes one
# operator token for this run and prints it: paste it into the sign-in page.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stack/use.sh
if [ -z "${VIGIL_CONSOLE_TOKENS:-}" ]; then
  token=$(node -e 'process.stdout.write(require("node:crypto").randomBytes(24).toString("hex"))')
  export VIGIL_CONSOLE_TOKENS="[{\"token\":\"$token\",\"name\":\"${USER:-operator}\",\"role\":\"operator\"}]"
  echo "console token for this run (operator): $token"
fi
exec node --import tsx services/console/src/main.ts
