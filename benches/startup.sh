#!/usr/bin/env bash
# Start-up of the real window: time to the first painted frame and peak RSS, measured
# by the app itself (NIANBAO_STARTUP_PROBE) over several runs. Needs a display: under
# CI or a headless machine it starts Xvfb.
#   benches/startup.sh            (builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/nianbao-target}"
cargo build --release --quiet
if [ -z "${DISPLAY:-}" ]; then
    Xvfb :77 -screen 0 1500x900x24 >/dev/null 2>&1 &
    xvfb=$!
    trap 'kill $xvfb' EXIT
    export DISPLAY=:77
    sleep 1
fi
for _ in 1 2 3 4 5; do
    NIANBAO_STARTUP_PROBE=1 "$CARGO_TARGET_DIR/release/nianbao"
done
