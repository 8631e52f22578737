#!/bin/sh
# Starts the inference server, or the validate command when the first argument is "validate".
# Everything the JVM and ONNX Runtime write goes under $GANTRY_WORK_DIR (an emptyDir when the root
# filesystem is read-only): downloads, optimized graphs and java.io.tmpdir. GANTRY_APP_DIR is where
# the application lies (/deployments in the image).
set -eu
: "${GANTRY_WORK_DIR:=/work}"
: "${GANTRY_APP_DIR:=/deployments}"
mkdir -p "$GANTRY_WORK_DIR/tmp"
# A batch step (predict plan/shard) is one finite pass over its rows: the serial collector and the
# C1 compiler alone spend far less CPU on the JVM itself than G1 and C2 do there
# (docs/benchmarks/batch-prediction.md). GANTRY_PREDICT_JAVA_OPTS replaces them; empty: JVM defaults.
if [ "${1:-}" = predict ]; then
  JAVA_OPTS="${JAVA_OPTS:-} ${GANTRY_PREDICT_JAVA_OPTS-$(cat "$GANTRY_APP_DIR/predict-java-opts")}"
fi
exec java ${JAVA_OPTS:-} -Djava.io.tmpdir="$GANTRY_WORK_DIR/tmp" -jar "$GANTRY_APP_DIR/quarkus-run.jar" "$@"
