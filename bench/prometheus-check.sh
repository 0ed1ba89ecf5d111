#!/usr/bin/env bash
# Starts the application, scrapes it with a real Prometheus, and checks that
#   1. `promtool check metrics` finds no problem in a scrape of /metrics, and
#   2. every PromQL expression of the Grafana dashboard returns data (a series that is not NaN)
#      through Prometheus' HTTP API.
#
# Usage: bench/prometheus-check.sh [options] -- COMMAND...
#   COMMAND starts the application in the foreground, serving HTTP on the port given as {port}
#   (substituted in COMMAND) and as $APP_PORT. E.g.
#     bench/prometheus-check.sh -- java -jar target/lstm-streams.jar demo --speed 500 --broker-port 0 --http-port {port}
# Options:
#   --port N            the application's HTTP port (default: a free one)
#   --scrapes N         scrapes to wait for before querying (default 5)
#   --start-timeout S   seconds for the app to serve /metrics (default 180)
#   --data-timeout S    seconds for every dashboard expression to have data (default 60)
#   --dashboard FILE    default grafana/dashboards/lstm-streams.json
#   --keep              keep the temp directory (logs, TSDB) for inspection
# Needs: prometheus and promtool (Debian: apt-get install -y prometheus), curl, jq.
set -euo pipefail
cd "$(dirname "$0")/.."

APP_PORT=""
SCRAPES=5
START_TIMEOUT=180
DATA_TIMEOUT=60
DASHBOARD=grafana/dashboards/lstm-streams.json
PROM_CONFIG=config/prometheus.yml
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --port) APP_PORT="$2"; shift 2 ;;
    --scrapes) SCRAPES="$2"; shift 2 ;;
    --start-timeout) START_TIMEOUT="$2"; shift 2 ;;
    --data-timeout) DATA_TIMEOUT="$2"; shift 2 ;;
    --dashboard) DASHBOARD="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --) shift; break ;;
    *) echo "unknown option $1 (the app command goes after --)" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: $0 [options] -- COMMAND (with {port})" >&2; exit 2; }

log() { printf '[prometheus-check] %s\n' "$*"; }
fail() { printf '[prometheus-check] FAIL: %s\n' "$*" >&2; exit 1; }
for tool in prometheus promtool curl jq; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool not found (Debian: apt-get install -y prometheus curl jq)"
done
[ -f "$DASHBOARD" ] || fail "no dashboard at $DASHBOARD"

free_port() {
  # the kernel picks a free port (a small race with other processes is acceptable here); without
  # python3, a random high port that nothing answers on
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    local p
    while :; do
      p=$((20000 + RANDOM % 40000))
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
  fi
}
[ -n "$APP_PORT" ] || APP_PORT=$(free_port)
PROM_PORT=$(free_port)
WORK=$(mktemp -d -t prometheus-check.XXXXXX)
APP_PID=""
PROM_PID=""

stop() { # stop PID [NAME]: TERM its process group, then KILL after 15 s
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  log "$2 did not stop on TERM; killing it"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  stop "$PROM_PID" prometheus
  stop "$APP_PID" app
  if [ "$rc" -ne 0 ]; then
    log "app log tail ($WORK/app.log):"; tail -n 30 "$WORK/app.log" 2>/dev/null | sed 's/^/    /' || true
    log "prometheus log tail:"; tail -n 10 "$WORK/prometheus.log" 2>/dev/null | sed 's/^/    /' || true
  fi
  if [ "$KEEP" -eq 1 ] || [ "$rc" -ne 0 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the application ------------------------------------------------------------------------
CMD=()
for arg in "$@"; do CMD+=("${arg//\{port\}/$APP_PORT}"); done
cmdline="${CMD[*]}"
log "starting app on port $APP_PORT: ${cmdline:0:160}$([ ${#cmdline} -gt 160 ] && echo ...)"
# its own process group (setsid), so that cleanup stops the JVM and anything it forked
APP_PORT=$APP_PORT setsid "${CMD[@]}" >"$WORK/app.log" 2>&1 &
APP_PID=$!

METRICS_URL="http://127.0.0.1:$APP_PORT/metrics"
deadline=$((SECONDS + START_TIMEOUT))
until curl -sf -o /dev/null --max-time 2 "$METRICS_URL"; do
  kill -0 "$APP_PID" 2>/dev/null || fail "the app exited before serving $METRICS_URL"
  [ $SECONDS -lt $deadline ] || fail "no $METRICS_URL within ${START_TIMEOUT}s"
  sleep 1
done
log "app serves $METRICS_URL"

# ---- promtool lint of one scrape ------------------------------------------------------------
# a scrape after a few seconds, so that the stream has produced something
sleep 3
curl -sf --max-time 5 "$METRICS_URL" >"$WORK/scrape.txt" || fail "scrape failed"
if ! promtool check metrics <"$WORK/scrape.txt" >"$WORK/promtool.txt" 2>&1; then
  sed 's/^/    /' "$WORK/promtool.txt" >&2
  fail "promtool check metrics found problems in the scrape ($(wc -l <"$WORK/scrape.txt") lines)"
fi
log "promtool check metrics: OK ($(grep -vc '^#' "$WORK/scrape.txt") samples)"

# ---- Prometheus -----------------------------------------------------------------------------
grep -q '# lstm-targets' "$PROM_CONFIG" || fail "$PROM_CONFIG has no '# lstm-targets' line to point at the app"
sed "s|^\( *\)- targets:.*# lstm-targets|\1- targets: [\"127.0.0.1:$APP_PORT\"] # lstm-targets|" \
  "$PROM_CONFIG" >"$WORK/prometheus.yml"
promtool check config "$WORK/prometheus.yml" >/dev/null || fail "invalid Prometheus config"
setsid prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
  --web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn >"$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
API="http://127.0.0.1:$PROM_PORT"
deadline=$((SECONDS + 60))
until curl -sf -o /dev/null --max-time 2 "$API/-/ready"; do
  kill -0 "$PROM_PID" 2>/dev/null || fail "prometheus exited"
  [ $SECONDS -lt $deadline ] || fail "prometheus not ready within 60s"
  sleep 0.5
done
log "prometheus ready on $API"

query() { # query EXPR -> the JSON answer of an instant query
  curl -sf --max-time 10 -G "$API/api/v1/query" --data-urlencode "query=$1"
}
deadline=$((SECONDS + 120))
while :; do
  n=$(query "count_over_time(up{job=\"lstm-streams\"}[5m])" | jq -r '.data.result[0].value[1] // 0')
  up=$(query "up{job=\"lstm-streams\"}" | jq -r '.data.result[0].value[1] // 0')
  if [ "$up" = "1" ] && [ "${n%.*}" -ge "$SCRAPES" ]; then break; fi
  kill -0 "$APP_PID" 2>/dev/null || fail "the app exited"
  [ $SECONDS -lt $deadline ] || fail "not $SCRAPES successful scrapes within 120s (up=$up, scrapes=$n)"
  sleep 1
done
log "$n scrapes, target up"

# ---- every dashboard expression -------------------------------------------------------------
# An expression may need a moment (the first retraining, a second sample for rate()): those
# without data are asked again until --data-timeout; the verdict is the last answer.
check() { # check EXPR -> prints a verdict line; returns 0 when it has data
  local answer status count finite
  answer=$(query "$1") || { echo "ERROR    $1 (query failed)"; return 1; }
  status=$(jq -r '.status' <<<"$answer")
  count=$(jq -r '.data.result | length' <<<"$answer")
  # NaN is no data: a gauge that reads NaN (e.g. the last retraining's loss before any retraining)
  # draws nothing on its panel
  finite=$(jq -r '[.data.result[] | select(.value[1] != "NaN")] | length' <<<"$answer")
  if [ "$status" != "success" ] || [ "$count" -eq 0 ]; then
    echo "NO DATA  $1"; return 1
  elif [ "$finite" -eq 0 ]; then
    echo "NaN ONLY $1"; return 1
  fi
  echo "ok ($finite) $1"
}
mapfile -t pending < <(jq -r '.. | objects | select(has("targets")) | .targets[] | .expr' "$DASHBOARD")
total=${#pending[@]}
[ "$total" -gt 0 ] || fail "no expressions found in $DASHBOARD"
deadline=$((SECONDS + DATA_TIMEOUT))
while :; do
  still=(); last=()
  for expr in "${pending[@]}"; do
    if verdict=$(check "$expr"); then log "$verdict"; else still+=("$expr"); last[${#still[@]}]=$verdict; fi
  done
  pending=("${still[@]}")
  [ ${#pending[@]} -gt 0 ] || break
  if [ $SECONDS -ge $deadline ] || ! kill -0 "$APP_PID" 2>/dev/null; then
    for i in "${!pending[@]}"; do log "${last[$((i + 1))]}"; done
    fail "${#pending[@]} of $total dashboard expressions returned no data (waited ${DATA_TIMEOUT}s)"
  fi
  log "${#pending[@]} expressions without data yet; asking again"
  sleep 2
done
log "PASS: promtool clean, all $total dashboard expressions return data"
