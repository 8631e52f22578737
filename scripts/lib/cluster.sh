# shellcheck shell=bash
# Shared by scripts/local-cluster and scripts/kind-cluster: pinned versions, the binary cache and
# its builds from the Go module proxy, the simulated GPU nodes, the example volumes and the CRDs.
# Sourced, not run. The caller sets LOG_NAME and, before calling install_crds or anything that
# talks to a cluster, defines kubectl_ for its own kubeconfig.

K8S_VERSION=1.34.4
ETCD_VERSION=3.6.16
KWOK_VERSION=0.7.0
HELM_VERSION=3.19.0
# Kueue, added to the local cluster on demand (scripts/local-cluster kueue).
KUEUE_VERSION=0.17.0

CACHE=${GANTRY_CACHE:-$HOME/.cache/gantry}
# shellcheck disable=SC2034 # used by the scripts that source this file
CLUSTER=${GANTRY_CLUSTER:-gantry}
GPU_NODES=${GANTRY_GPU_NODES:-2}
GPUS_PER_NODE=${GANTRY_GPUS_PER_NODE:-4}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${GANTRY_BIN_DIR:-$CACHE/bin/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION-helm-$HELM_VERSION}
KUBE_API_TEST_DIR=${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}
GANTRY_KWOK_STAGES=${GANTRY_KWOK_STAGES-$REPO/scripts/kwok/stages.yaml}
KUEUE_DIR=$CACHE/bin/kueue-$KUEUE_VERSION
KUEUE_CERT_PATH=/etc/kueue/metrics/certs   # fixed in Kueue's main.go
BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok helm)

log() { printf '[%s] %s\n' "$LOG_NAME" "$*" >&2; }
die() { printf '[%s] error: %s\n' "$LOG_NAME" "$*" >&2; exit 1; }

version_of() { # prints the version a binary reports, or nothing
  case "$1" in
    kubectl) "$2" version --client 2>/dev/null | sed -n 's/^Client Version: v//p' ;;
    etcd) "$2" --version 2>/dev/null | sed -n 's/^etcd Version: //p' ;;
    kwok|kwokctl) "$2" --version 2>/dev/null | sed -n 's/.*version v\{0,1\}\([0-9][0-9.]*\).*/\1/p' | head -1 ;;
    helm) "$2" version --template '{{.Version}}' 2>/dev/null | sed 's/^v//' ;;
    *) "$2" --version 2>/dev/null | sed -n 's/^Kubernetes v//p' ;;
  esac
}

wanted_version() {
  case "$1" in
    etcd) echo "$ETCD_VERSION" ;; kwok|kwokctl) echo "$KWOK_VERSION" ;; helm) echo "$HELM_VERSION" ;;
    *) echo "$K8S_VERSION" ;;
  esac
}

# Adopt a binary from PATH when it reports exactly the pinned version (a distro kubectl of another
# version could differ in flags and behaviour, so versions must match).
adopt_from_path() {
  local name=$1 found
  [ -x "$BIN/$name" ] && return 0
  found=$(command -v "$name" 2>/dev/null) || return 1
  [ "$(version_of "$name" "$found")" = "$(wanted_version "$name")" ] || return 1
  mkdir -p "$BIN" && ln -sf "$found" "$BIN/$name" && log "using $found ($name $(wanted_version "$name"))"
}

go_env() {
  command -v go >/dev/null || die "Go is needed to build the Kubernetes binaries (none found on PATH)"
  export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0
  export GOMODCACHE=${GOMODCACHE:-$CACHE/go/mod} GOCACHE=${GOCACHE:-$CACHE/go/build}
}

# The wrapper module that builds Kubernetes commands from k8s.io/kubernetes at the pinned version
# (Go ignores a dependency's replace directives, so every staging module is pinned here). One
# module for the control plane and the node binaries, so both share one build cache.
KUBERNETES_TOOLS=(kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy)
kubernetes_wrapper_module() {
  local src=$CACHE/src/kubernetes-$K8S_VERSION staging gomod p
  go_env; mkdir -p "$src"; cd "$src" || die "cannot enter $src"
  staging="v0.${K8S_VERSION#1.}"
  local out; out=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" 2>&1 || true)
  gomod=$(echo "$out" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  [ -f "$gomod" ] || die "cannot download k8s.io/kubernetes@v$K8S_VERSION from the Go module proxy ($(go env GOPROXY)): $(echo "$out" | sed -n 's/.*"Error": "\(.*\)".*/\1/p')"
  {
    echo "module local.gantry/kubernetes-bins"; echo
    grep -E '^go [0-9.]+' "$gomod"; grep -E '^godebug ' "$gomod" || true; echo
    echo "require k8s.io/kubernetes v$K8S_VERSION"; echo
    echo "tool ("
    for p in "${KUBERNETES_TOOLS[@]}"; do echo "	k8s.io/kubernetes/cmd/$p"; done
    echo ")"; echo; echo "replace ("
    grep -E '=>[[:space:]]+\./staging/src/k8s\.io/' "$gomod" | awk -v s="$staging" '{printf "\t%s => %s %s\n", $1, $1, s}'
    echo ")"
  } > go.mod.new
  # errexit is off in callers' `( ... ) || die`, so every step checks its own status.
  if cmp -s go.mod.new go.mod.wanted; then rm go.mod.new; return 0; fi
  cp go.mod.new go.mod && go mod tidy && mv go.mod.new go.mod.wanted
}

# go_build_kubernetes OUTDIR COMMAND...: builds k8s.io/kubernetes/cmd/COMMAND into OUTDIR.
go_build_kubernetes() {
  local dest=$1 minor ld p date pkgs=(); shift
  ( kubernetes_wrapper_module || exit 1
    minor=$(echo "$K8S_VERSION" | cut -d. -f2)
    date=$(date -u +%Y-%m-%dT%H:%M:%SZ); ld="-s -w"
    for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      # The binaries report their version (kubectl version, the API server's /version).
      ld="$ld -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.buildDate=$date"
    done
    for p in "$@"; do pkgs+=("k8s.io/kubernetes/cmd/$p"); done
    mkdir -p "$dest.tmp"
    go build -p 2 -trimpath -tags selinux,notest,grpcnotrace -ldflags "$ld" -o "$dest.tmp/" "${pkgs[@]}" || exit 1
    mkdir -p "$dest" && mv "$dest.tmp"/* "$dest/" && rmdir "$dest.tmp" )
}

build_kubernetes() {
  log "building Kubernetes v$K8S_VERSION (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl) from the Go module proxy; the first build takes 10-25 minutes"
  go_build_kubernetes "$BIN" kube-apiserver kube-controller-manager kube-scheduler kubectl
}

build_etcd() {
  local src=$CACHE/src/etcd-$ETCD_VERSION
  log "building etcd v$ETCD_VERSION from the Go module proxy"
  go_env; mkdir -p "$src"; cd "$src" || die "cannot enter $src"
  printf 'module local.gantry/etcd-bin\n\ngo 1.24.0\n\nrequire go.etcd.io/etcd/server/v3 v%s\n\ntool go.etcd.io/etcd/server/v3\n' "$ETCD_VERSION" > go.mod
  go mod tidy
  mkdir -p "$BIN" && go build -trimpath -ldflags "-s -w" -o "$BIN/etcd.tmp" go.etcd.io/etcd/server/v3 && mv "$BIN/etcd.tmp" "$BIN/etcd"
}

build_go_install() { # name package version [extra ldflags] [target dir]
  local dir=${5:-$BIN}
  log "building $1 v$3 from the Go module proxy"
  go_env; mkdir -p "$dir"
  GOFLAGS='' GOBIN="$dir" go install -trimpath -ldflags "-s -w ${4:-}" "$2@v$3" || die "cannot build $1 v$3 (go install $2@v$3 failed; is the Go module proxy reachable?)"
}

# Kueue's controller and its CRDs (from the same module zip), in a directory of their own.
ensure_kueue() {
  [ -x "$KUEUE_DIR/kueue" ] && [ -d "$KUEUE_DIR/crds" ] && return 0
  local start=$SECONDS src
  ( build_go_install kueue sigs.k8s.io/kueue/cmd/kueue "$KUEUE_VERSION" \
      "-X sigs.k8s.io/kueue/pkg/version.GitVersion=v$KUEUE_VERSION" "$KUEUE_DIR" ) || exit 1
  go_env; src=$(go env GOMODCACHE)/sigs.k8s.io/kueue@v$KUEUE_VERSION
  mkdir -p "$KUEUE_DIR/crds.tmp" && cp "$src"/config/components/crd/bases/*.yaml "$KUEUE_DIR/crds.tmp/" \
    && chmod 644 "$KUEUE_DIR"/crds.tmp/*.yaml && rm -rf "$KUEUE_DIR/crds" && mv "$KUEUE_DIR/crds.tmp" "$KUEUE_DIR/crds" \
    || die "cannot copy Kueue's CRDs from $src"
  log "built Kueue v$KUEUE_VERSION in $((SECONDS - start)) s into $KUEUE_DIR"
}

# Lays the binaries out where fabric8 kube-api-test looks, so plain API-server tests stay offline.
link_kube_api_test() {
  local d=$KUBE_API_TEST_DIR/k8s/$K8S_VERSION-linux-amd64
  mkdir -p "$d"
  for b in kube-apiserver kubectl etcd; do ln -sf "$BIN/$b" "$d/$b"; done
}

ensure_binaries() {
  local missing=()
  for b in "${BINARIES[@]}"; do [ -x "$BIN/$b" ] || adopt_from_path "$b" || missing+=("$b"); done
  if [ ${#missing[@]} -gt 0 ]; then
    [ -n "${GANTRY_BIN_DIR:-}" ] && die "GANTRY_BIN_DIR=$GANTRY_BIN_DIR lacks: ${missing[*]}"
    log "missing: ${missing[*]}"
    local start=$SECONDS
    for b in "${missing[@]}"; do
      [ -x "$BIN/$b" ] && continue
      case "$b" in
        kube-apiserver|kube-controller-manager|kube-scheduler|kubectl) ( build_kubernetes ) || die "building Kubernetes v$K8S_VERSION failed (see the go output above)" ;;
        etcd) ( build_etcd ) || die "building etcd v$ETCD_VERSION failed (see the go output above)" ;;
        kwok) ( build_go_install kwok sigs.k8s.io/kwok/cmd/kwok "$KWOK_VERSION" ) ;;
        helm) ( build_go_install helm helm.sh/helm/v3/cmd/helm "$HELM_VERSION" \
                "-X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION" ) ;;
      esac
    done
    log "built ${missing[*]} in $((SECONDS - start)) s into $BIN"
  fi
  link_kube_api_test
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The simulated GPU nodes; KWOK manages the nodes annotated kwok.x-k8s.io/node=fake.
gpu_nodes_yaml() {
  local i
  for ((i = 0; i < GPU_NODES; i++)); do cat <<YAML
---
apiVersion: v1
kind: Node
metadata:
  name: gpu-node-$i
  annotations: {kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0"}
  labels:
    type: kwok
    kubernetes.io/hostname: gpu-node-$i
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    nvidia.com/gpu.present: "true"
    nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3
status:
  capacity: {cpu: "32", memory: 256Gi, pods: "110", nvidia.com/gpu: "$GPUS_PER_NODE"}
  allocatable: {cpu: "32", memory: 256Gi, pods: "110", nvidia.com/gpu: "$GPUS_PER_NODE"}
YAML
  done
}

# No volume provisioner runs on the simulated nodes: pre-bound volumes for the claims that
# examples/storage.yaml declares, so the example pods can be scheduled. EXAMPLE_STORAGE_CLASS names
# the class the API server gives those claims (none on the local cluster).
example_volumes_yaml() {
  local claim
  for claim in datasets models; do cat <<YAML
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: gantry-example-$claim}
spec:
  capacity: {storage: 100Gi}
  accessModes: [ReadWriteMany]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: "${EXAMPLE_STORAGE_CLASS:-}"
  claimRef: {namespace: default, name: $claim}
  hostPath: {path: /var/lib/gantry/$claim}
YAML
  done
}

# Adds the GPU nodes and example volumes and waits until the nodes are Ready.
add_gpu_nodes() {
  { gpu_nodes_yaml; ${VOLUMES_YAML:-example_volumes_yaml}; } | kubectl_ apply -f - >/dev/null
  kubectl_ wait --for=condition=Ready node --all --timeout=120s >/dev/null
}

install_crds() {
  kubectl_ apply --server-side --force-conflicts -f "$REPO/crds/" >/dev/null
  kubectl_ wait --for=condition=Established crd --all --timeout=60s >/dev/null
}
