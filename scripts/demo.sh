#!/usr/bin/env bash
# Vigil's main job on this machine: install, start the local stack, run the
# services, feed a demonstration stream with attacks in it, and show what was caught.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stack/use.sh
node --import tsx scripts/demo/run-demo.ts
