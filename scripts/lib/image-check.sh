# `scripts/images check`, sourced by scripts/images: each image tar, unpacked with skopeo and
# umoci, runs as a real container under runc, as the image's own user, on a read-only root with
# tmpfs where Gantry's pods mount emptyDirs, in its own network namespace (loopback only: no
# traffic leaves it). What it proves:
#   training   `generate` then `train` write a dataset and a model into a bind-mounted dir
#   inference  serves that model: GET /v2/health/ready is 200, an infer request answers, so ONNX
#              Runtime's native library loads from /opt/onnxruntime; `validate` loads and passes
#   operator   `java -version`, then the operator starts and stops for want of a cluster, with
#              no missing class or module in its log
# It leaves nothing behind: every container is deleted and the work dir removed, on any exit.

CHECK_IDS=()
CHECK_DIR=

check_cleanup() {
  local id
  for id in "${CHECK_IDS[@]}"; do runc delete --force "$id" >/dev/null 2>&1 || true; done
  [ -z "$CHECK_DIR" ] || rm -rf "$CHECK_DIR"
}

# unpack_image TAR NAME: an OCI runtime bundle in $CHECK_DIR/NAME (config.json from the image's
# entrypoint, cmd, env, user and working dir).
unpack_image() {
  skopeo copy -q "docker-archive:$1" "oci:$CHECK_DIR/oci:$2" || die "skopeo could not read $1"
  umoci unpack --image "$CHECK_DIR/oci:$2" "$CHECK_DIR/$2" >/dev/null || die "umoci could not unpack $1"
}

# bundle_config NAME JQ-FILTER [jq args...]: the pod-like settings, then the caller's changes.
bundle_config() {
  local name=$1 filter=$2; shift 2
  jq "$@" --arg hosts "$CHECK_DIR/hosts" '
    .process.terminal = false | .root.readonly = true | .hostname = "gantry-check"
    | .mounts += [{destination: "/etc/hosts", type: "bind", source: $hosts, options: ["rbind", "ro"]}]
    | '"$filter" "$CHECK_DIR/$name/config.json" >"$CHECK_DIR/$name/config.json.new"
  mv "$CHECK_DIR/$name/config.json.new" "$CHECK_DIR/$name/config.json"
}
TMPFS='{type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=1777", "size=512m"]}'

# run_fg NAME ID LOG: runs the bundle to its end; fails with the log's tail when it exits non-zero.
run_fg() {
  CHECK_IDS+=("$2")
  timeout 300 runc run --bundle "$CHECK_DIR/$1" "$2" >"$3" 2>&1 </dev/null ||
    { tail -20 "$3" >&2; die "$2 failed (log above)"; }
  runc delete --force "$2" >/dev/null 2>&1 || true
}

no_missing_classes() {
  if grep -E 'NoClassDefFoundError|ClassNotFoundException|UnsatisfiedLinkError|Module [a-z.]+ not found|java\.lang\.module\.|error while loading shared libraries' "$1" >&2; then
    die "$2: missing classes, modules or libraries (above; log $1)"
  fi
}

check_training() {
  local tar=$1
  unpack_image "$tar" training
  # The image's entrypoint, then `generate`; the default cmd (train) second.
  local entry; entry=$(jq -c '.process.args[:-1]' "$CHECK_DIR/training/config.json")
  jq -e '.process.args[-1] == "train" and .process.user.uid == 10001' "$CHECK_DIR/training/config.json" >/dev/null ||
    die "the training image should run \`train\` as uid 10001 by default"
  bundle_config training '.mounts += [{destination: "/tmp"} + '"$TMPFS"',
      {destination: "/data", type: "bind", source: $data, options: ["rbind", "rw"]}]
    | .process.env += ["GANTRY_DATASET_URI=file:///data/fraud.csv", "GANTRY_OUTPUT_URI=file:///data/model",
      "GANTRY_MODEL_NAME=fraud", "GANTRY_HYPERPARAMETERS={\"labelColumn\":\"is_fraud\"}",
      "GANTRY_TERMINATION_MESSAGE_PATH=/data/result.json"]' --arg data "$CHECK_DIR/data"
  cp "$CHECK_DIR/training/config.json" "$CHECK_DIR/training/config.train.json"
  jq --argjson entry "$entry" '.process.args = $entry + ["generate", "--rows", "2000", "--output", "/data/fraud.csv"]' \
    "$CHECK_DIR/training/config.train.json" >"$CHECK_DIR/training/config.json"
  run_fg training gantry-check-$$-generate "$CHECK_DIR/generate.log"
  [ -s "$CHECK_DIR/data/fraud.csv" ] || die "training image: generate wrote no /data/fraud.csv"
  cp "$CHECK_DIR/training/config.train.json" "$CHECK_DIR/training/config.json"
  run_fg training gantry-check-$$-train "$CHECK_DIR/train.log"
  no_missing_classes "$CHECK_DIR/train.log" training
  [ -s "$CHECK_DIR/data/model/model.onnx" ] || die "training image: train wrote no model.onnx (log $CHECK_DIR/train.log)"
  log "training image: generate wrote $(($(wc -l <"$CHECK_DIR/data/fraud.csv") - 1)) rows, train wrote $(ls "$CHECK_DIR/data/model" | tr '\n' ' ')as uid 10001 on a read-only root"
}

# in_container ID ARGS...: a command inside the running container (busybox wget for HTTP).
in_container() { local id=$1; shift; runc exec "$id" "$@"; }

check_inference() {
  local tar=$1 id=gantry-check-$$-inference i body
  unpack_image "$tar" inference
  jq -e '.process.args == ["/deployments/entrypoint.sh"] and .process.user.uid == 10001' "$CHECK_DIR/inference/config.json" >/dev/null ||
    die "the inference image should run /deployments/entrypoint.sh as uid 10001"
  # As an InferenceService pod: an emptyDir on /work only, the model read-only.
  bundle_config inference '.mounts += [{destination: "/work"} + '"$TMPFS"',
      {destination: "/models", type: "bind", source: $models, options: ["rbind", "ro"]},
      {destination: "/out", type: "bind", source: $data, options: ["rbind", "rw"]}]
    | .process.env += ["GANTRY_MODEL_URI=file:///models/model.onnx", "GANTRY_MODEL_NAME=fraud"]' \
    --arg models "$CHECK_DIR/data/model" --arg data "$CHECK_DIR/data"
  cp "$CHECK_DIR/inference/config.json" "$CHECK_DIR/inference/config.serve.json"
  CHECK_IDS+=("$id")
  runc run --detach --bundle "$CHECK_DIR/inference" "$id" >"$CHECK_DIR/inference.log" 2>&1 </dev/null ||
    { tail -20 "$CHECK_DIR/inference.log" >&2; die "the inference container did not start"; }
  for i in $(seq 1 120); do
    in_container "$id" wget -q -O /dev/null http://127.0.0.1:8080/v2/health/ready 2>/dev/null && break
    [ "$(runc state "$id" 2>/dev/null | jq -r .status)" = running ] ||
      { tail -30 "$CHECK_DIR/inference.log" >&2; die "the inference server exited before it was ready"; }
    [ "$i" -lt 120 ] || { tail -30 "$CHECK_DIR/inference.log" >&2; die "the inference server was not ready in 120 s"; }
    sleep 1
  done
  log "inference image: GET /v2/health/ready is 200 after ${i} s"
  # One row per input, from the first data row of the dataset (same names as the model's inputs).
  in_container "$id" wget -q -O - http://127.0.0.1:8080/v2/models/fraud >"$CHECK_DIR/metadata.json"
  body=$(jq -c --rawfile csv "$CHECK_DIR/data/fraud.csv" '
    ($csv | split("\n") | map(select(length > 0) | split(","))) as $rows
    | ($rows[0] | to_entries | map({key: .value, value: .key}) | from_entries) as $col
    | {inputs: [.inputs[] | {name, datatype, shape: [1, 1],
        data: [$rows[1][$col[.name]] | if (. | test("^-?[0-9.eE+-]+$")) then tonumber else . end]}]}' "$CHECK_DIR/metadata.json")
  in_container "$id" wget -q -O - --header 'Content-Type: application/json' --post-data "$body" \
    http://127.0.0.1:8080/v2/models/fraud/infer >"$CHECK_DIR/infer.json" ||
    { tail -20 "$CHECK_DIR/inference.log" >&2; die "the infer request failed; request: $body"; }
  jq -e '.outputs | length > 0' "$CHECK_DIR/infer.json" >/dev/null || die "the infer response has no outputs: $(cat "$CHECK_DIR/infer.json")"
  # Loaded from the image, not extracted into java.io.tmpdir ($GANTRY_WORK_DIR/tmp).
  if in_container "$id" find /work/tmp -name 'libonnxruntime*' | grep . >&2; then die "ONNX Runtime extracted its natives instead of loading /opt/onnxruntime"; fi
  no_missing_classes "$CHECK_DIR/inference.log" inference
  log "inference image: infer answered $(jq -c '[.outputs[] | {name, data}]' "$CHECK_DIR/infer.json")"
  runc delete --force "$id" >/dev/null 2>&1 || true
  # The ModelVersion validation Job's mode: the same image with args [validate].
  # (No golden set: validate mode scores one-input tabular models; this one has an input per feature.)
  jq '.process.args += ["validate"] | .process.env += ["GANTRY_VALIDATE_TERMINATION_MESSAGE_PATH=/out/validation.json"]' \
    "$CHECK_DIR/inference/config.serve.json" >"$CHECK_DIR/inference/config.json"
  run_fg inference gantry-check-$$-validate "$CHECK_DIR/validate.log"
  no_missing_classes "$CHECK_DIR/validate.log" validate
  log "inference image: validate exited 0, report $(head -c 160 "$CHECK_DIR/data/validation.json" 2>/dev/null)"
}

check_operator() {
  local tar=$1 id=gantry-check-$$-operator
  unpack_image "$tar" operator
  jq -e '.process.user.uid == 185' "$CHECK_DIR/operator/config.json" >/dev/null || die "the operator image should run as uid 185"
  # As the chart's pod: an emptyDir on /tmp; no API server to reach.
  bundle_config operator '.mounts += [{destination: "/tmp"} + '"$TMPFS"']'
  cp "$CHECK_DIR/operator/config.json" "$CHECK_DIR/operator/config.run.json"
  jq '.process.args = ["java", "-version"]' "$CHECK_DIR/operator/config.run.json" >"$CHECK_DIR/operator/config.json"
  run_fg operator "$id-version" "$CHECK_DIR/operator-version.log"
  cp "$CHECK_DIR/operator/config.run.json" "$CHECK_DIR/operator/config.json"
  CHECK_IDS+=("$id")
  runc run --detach --bundle "$CHECK_DIR/operator" "$id" >"$CHECK_DIR/operator.log" 2>&1 </dev/null ||
    { tail -20 "$CHECK_DIR/operator.log" >&2; die "the operator container did not start"; }
  # It keeps retrying the API server, as in a pod before the network is up: wait for its word,
  # then stop it as the kubelet would (SIGTERM) and expect a clean shutdown.
  local i
  for i in $(seq 1 90); do
    grep -q 'cannot reach the Kubernetes API server' "$CHECK_DIR/operator.log" && break
    [ "$(runc state "$id" 2>/dev/null | jq -r .status)" = running ] && [ "$i" -lt 90 ] ||
      { tail -20 "$CHECK_DIR/operator.log" >&2; die "the operator exited or said nothing of the API server in 90 s"; }
    sleep 1
  done
  runc kill "$id" TERM
  for i in $(seq 1 30); do
    [ "$(runc state "$id" 2>/dev/null | jq -r .status)" = running ] || break
    sleep 1
  done
  no_missing_classes "$CHECK_DIR/operator.log" operator
  grep -q -E 'stopped in [0-9.]+s' "$CHECK_DIR/operator.log" || { tail -5 "$CHECK_DIR/operator.log" >&2; die "the operator did not stop cleanly on SIGTERM"; }
  log "operator image: $(grep -m1 -o 'OpenJDK Runtime Environment[^)]*)' "$CHECK_DIR/operator-version.log"); without a cluster it logged \"$(grep -m1 -o 'cannot reach the Kubernetes API server at [^ ]*[^ :]' "$CHECK_DIR/operator.log")\", then stopped on SIGTERM"
}

cmd_check() {
  [ "$(id -u)" = 0 ] || die "check runs containers with runc: run it as root"
  local tool
  for tool in runc skopeo umoci jq; do command -v "$tool" >/dev/null || die "check needs $tool (Debian: apt-get install runc skopeo umoci jq)"; done
  local tars=() image
  for image in "${IMAGES[@]}"; do
    set -- $image
    [ -f "$REPO/$2" ] || die "no $2: run scripts/images build first"
    tars+=("$REPO/$2")
  done
  CHECK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/gantry-image-check.XXXXXX")
  trap check_cleanup EXIT
  mkdir -p "$CHECK_DIR/data" && chmod 1777 "$CHECK_DIR/data"
  printf '127.0.0.1 localhost gantry-check\n::1 localhost\n' >"$CHECK_DIR/hosts"
  local start=$SECONDS
  check_training "${tars[2]}"
  check_inference "${tars[1]}"
  check_operator "${tars[0]}"
  log "all three images checked in $((SECONDS - start)) s"
}
