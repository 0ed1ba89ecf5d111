#!/usr/bin/env bash
# Takes docs/live-page.png: starts the demo on free ports, waits until the live page has a few
# hundred points of the bundled series (actuals, step-h forecasts and their band), and shoots the
# page with headless Chromium (Debian: apt-get install -y chromium), then stops the demo.
#
# Usage: bench/screenshot-live-page.sh [OUTPUT.png]   (default docs/live-page.png)
# Env: SPEED (events/s, default 250), POINTS (points to wait for, default 300), MODEL (model version
#      in use to wait for, default 8: the first models barely forecast better than the last value),
#      SERIES (nyc_taxi)
# Needs target/lstm-streams.jar (mvn -B -q -DskipTests package), curl, jq, chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/live-page.png}
SPEED=${SPEED:-250}
POINTS=${POINTS:-300}
MODEL=${MODEL:-8}
SERIES=${SERIES:-nyc_taxi}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1}

log() { printf '[screenshot] %s\n' "$*"; }
fail() { printf '[screenshot] FAIL: %s\n' "$*" >&2; exit 1; }
CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$CHROME" ] || fail "no chromium (Debian: apt-get install -y chromium)"
for tool in curl jq java; do command -v "$tool" >/dev/null || fail "$tool not found"; done
[ -f target/lstm-streams.jar ] || fail "no target/lstm-streams.jar (mvn -B -q -DskipTests package)"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
WORK=$(mktemp -d -t live-page.XXXXXX)
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM -- "-$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$APP_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

setsid java -jar target/lstm-streams.jar demo --broker-port 0 --http-port "$PORT" --speed "$SPEED" \
  --print-every 0 --no-progress >"$WORK/app.log" 2>&1 &
APP_PID=$!
BASE="http://127.0.0.1:$PORT"
log "demo on $BASE; waiting for $POINTS points of $SERIES and model v$MODEL"
deadline=$((SECONDS + 240))
while :; do
  n=$(curl -sf --max-time 2 "$BASE/series/$SERIES/recent" | jq -r '.points | length' 2>/dev/null || echo 0)
  v=$(curl -sf --max-time 2 "$BASE/series/$SERIES" | jq -r '.modelVersion // -1' 2>/dev/null || echo -1)
  [ "${n:-0}" -ge "$POINTS" ] && [ "${v:--1}" -ge "$MODEL" ] && break
  kill -0 "$APP_PID" 2>/dev/null || { tail -n 20 "$WORK/app.log" >&2; fail "the demo exited"; }
  [ $SECONDS -lt $deadline ] || fail "${n:-0} points, model v${v:--1} after 240 s"
  sleep 1
done
log "$n points, model v$v; shooting"
mkdir -p "$(dirname "$OUT")"
"$CHROME" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --disable-quic --user-data-dir="$WORK/chrome" \
  --window-size=1400,900 --virtual-time-budget=5000 --screenshot="$OUT" "$BASE/?series=$SERIES" \
  >"$WORK/chrome.log" 2>&1 || { tail -n 20 "$WORK/chrome.log" >&2; fail "chromium failed"; }
[ -s "$OUT" ] || fail "no screenshot written"
log "wrote $OUT"
