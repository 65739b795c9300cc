#!/usr/bin/env bash
# Builds milex (release) when needed and runs it with the given arguments, installing
# libopenblas-dev first when it is missing. Example: Scripts/milex.sh run Scenarios/hague-2035.json
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/ensure-dependencies.sh
swift build -c release --product milex >&2
exec .build/release/milex "$@"
