#!/usr/bin/env bash
# Runs the training-speed comparison (DL4J variants vs PyTorch); see docs/benchmarks-training.md.
# Usage: bench/run_training_speed.sh [warmup epochs]   (after mvn -o test-compile)
set -euo pipefail
cd "$(dirname "$0")/.."
WARMUP=${1:-3}
EPOCHS=${2:-15}
M2=${M2:-$HOME/.m2/repository}
NATIVE=$M2/org/nd4j/nd4j-native/1.0.0-M2.1
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
CP="target/test-classes:target/classes:$(cat target/bench-cp.txt)"
MAIN=io.lstmstreams.bench.TrainingSpeedBenchmark
dl4j() { # extension mode sequences steps batch
  local ext=$1; shift
  local extra="" opt=""
  if [ -n "$ext" ]; then
    extra=":$NATIVE/nd4j-native-1.0.0-M2.1-linux-x86_64$ext.jar"
    opt="-Dorg.bytedeco.javacpp.platform.extension=$ext"
  fi
  OMP_NUM_THREADS=${THREADS:-1} java -Xmx2g $opt -cp "$CP$extra" $MAIN "$@" "$WARMUP" "$EPOCHS" 2>&1 | grep -E '^(mode|median)'
}
echo "# $(date -u +%FT%TZ) $(uptime)"
for threads in 1 2; do
  OMP_NUM_THREADS=$threads /usr/bin/python3 bench/torch_training_speed.py --threads $threads --warmup "$WARMUP" --epochs "$EPOCHS"
done
dl4j "" trainer 64 256 64
dl4j "" fit 64 256 64
dl4j "" fit-nows 64 256 64
dl4j -avx2 trainer 64 256 64
dl4j -onednn-avx2 trainer 64 256 64
dl4j "" trainer 256 256 256
OMP_NUM_THREADS=1 /usr/bin/python3 bench/torch_training_speed.py --threads 1 --sequences 256 --batch 256 \
  --warmup "$WARMUP" --epochs "$EPOCHS"
echo "# done $(uptime)"
