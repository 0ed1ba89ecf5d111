#!/usr/bin/env bash
# End-to-end throughput and latency: forecasting topology vs a passthrough stateful topology through
# the embedded broker; see docs/benchmarks-e2e.md.
# Usage: bench/run_e2e.sh [events] [keys] [guarantees] [latency seconds]
#   e.g. bench/run_e2e.sh 100000 1000 exactly_once_v2 10     (a quick check)
# Env: JFR=1 records a flight recording to target/e2e.jfr; TOPOLOGIES=forecasting runs only that one;
#      HEAP (default 3g); JAVA_OPTS more JVM options, e.g. -Dbench.twin.forecast=40 (see PassthroughTopology),
#      -Dbench.broker=process (the broker in a JVM of its own), -Dbench.broker.cpus=1 (that JVM under taskset);
#      APP_CPUS=0 runs the benchmark's own JVM (application, load and latency clients) under taskset -c 0.
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-1000000}
KEYS=${2:-10000}
GUARANTEES=${3:-exactly_once_v2}
LATENCY_SECONDS=${4:-20}
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
OPTS=(-Xmx"${HEAP:-3g}" -Dbench.topologies="${TOPOLOGIES:-passthrough,io-twin,forecasting}")
if [ "${JFR:-0}" = 1 ]; then
  OPTS+=(-XX:StartFlightRecording=filename=target/e2e.jfr,settings=profile,dumponexit=true)
fi
echo "# $(date -u +%FT%TZ) $(uptime)"
PIN=()
if [ -n "${APP_CPUS:-}" ]; then
  PIN=(taskset -c "$APP_CPUS")
fi
# shellcheck disable=SC2086
OMP_NUM_THREADS=1 "${PIN[@]}" java "${OPTS[@]}" ${JAVA_OPTS:-} -cp "$CP" io.lstmstreams.bench.EndToEndBenchmark \
  "$EVENTS" "$KEYS" "$GUARANTEES" "$LATENCY_SECONDS"
echo "# done $(uptime)"
