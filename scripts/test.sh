#!/usr/bin/env bash
# The whole test suite: installs what is missing, starts the local stack, runs every
# workspace's unit tests (through turbo) and the cross-service tests on the real stack,
# then prints the totals as one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci --no-audit --no-fund || exit 1
# Current ClickHouse in process (chDB, one wheel from PyPI), so every migration and query is also
# checked on a current release beside the stack's 18.16.
python3 -c 'import chdb' 2>/dev/null || python3 -m pip install --quiet --root-user-action=ignore 'chdb-core==26.9.0' ||
  echo "chdb-core could not be installed: the current-ClickHouse checks will fail" >&2
# Debian's Chromium for the console's browser test (driven by playwright-core; no browser download).
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; } >/dev/null ||
  echo "chromium could not be installed: the console's browser test will fail" >&2
# Without addresses of an existing stack, run the local one.
if [ -z "${KAFKA_BROKERS:-}" ] || [ -z "${CLICKHOUSE_URL:-}" ]; then
  bash scripts/stack/up.sh || exit 1
  source scripts/stack/env.sh
fi
export KAFKA_BROKERS CLICKHOUSE_URL

rm -rf .reports && mkdir -p .reports
find packages services -name .vitest-report.json -not -path '*/node_modules/*' -delete

npx turbo run test --concurrency=2 --continue --output-logs=errors-only
unit=$?
npx vitest run --config test/vitest.config.ts \
  --reporter=default --reporter=json --outputFile.json="$PWD/.reports/stack.json"
stack=$?

node scripts/count-tests.mjs .reports/stack.json packages/*/.vitest-report.json services/*/.vitest-report.json
totals=$?
[ $unit -eq 0 ] && [ $stack -eq 0 ] && [ $totals -eq 0 ]
