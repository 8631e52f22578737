#!/bin/sh
# Starts the inference server, or the validate command when the first argument is "validate".
# Everything the JVM and ONNX Runtime write goes under $GANTRY_WORK_DIR (an emptyDir when the root
# filesystem is read-only): downloads, optimized graphs and java.io.tmpdir.
set -eu
: "${GANTRY_WORK_DIR:=/work}"
mkdir -p "$GANTRY_WORK_DIR/tmp"
exec java ${JAVA_OPTS:-} -Djava.io.tmpdir="$GANTRY_WORK_DIR/tmp" -jar /deployments/quarkus-run.jar "$@"
