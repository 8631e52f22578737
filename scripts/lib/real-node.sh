# shellcheck shell=bash
# The local cluster's real node: kubelet, containerd, runc, CNI (bridge + host-local), kube-proxy and
# CoreDNS, all inside the cluster's network namespace. Sourced by scripts/local-cluster after
# lib/cluster.sh; the measured recipe and its gotchas are in docs/local-cluster.md.

COREDNS_VERSION=1.15.0
PAUSE_VERSION=3.10
NODE_BIN=${GANTRY_NODE_BIN_DIR:-$CACHE/bin/node-k8s-$K8S_VERSION-coredns-$COREDNS_VERSION}
NODE_BINARIES=(kubelet kube-proxy coredns)
INFRA_IMAGES=$CACHE/images/infra-k8s-$K8S_VERSION-coredns-$COREDNS_VERSION
PAUSE_IMAGE=localhost/gantry/pause:$PAUSE_VERSION
COREDNS_IMAGE=localhost/gantry/coredns:$COREDNS_VERSION
# Debian's static busybox: a shell, wget and nslookup for pods that check the cluster from inside.
# Addresses inside the namespace only: nothing outside it can reach them or is reached from them.
NODE_IP=10.87.0.1
POD_CIDR=10.88.0.0/24
POD_GATEWAY=10.88.0.1
SERVICE_CIDR=10.96.0.0/16
DNS_SERVICE_IP=10.96.0.10
REAL_NODE_NAME=${GANTRY_REAL_NODE_NAME:-gantry-node}
REAL_NODE_GPUS=${GANTRY_REAL_NODE_GPUS:-4}
PROMETHEUS_SCRAPE_INTERVAL=${GANTRY_PROMETHEUS_SCRAPE_INTERVAL:-5s}
# The kubelet, containerd and libcni use these paths whatever their configuration says, so only
# one cluster on a machine can have a real node; this file names it.
REAL_NODE_OWNER=/run/gantry-real-node.owner
SYSCTLS_KUBELET_CHANGES=(kernel.panic kernel.panic_on_oops vm.overcommit_memory)

ensure_node_packages() { ensure_packages "the real node (or set GANTRY_REAL_NODE=0)" "${REAL_NODE_PACKAGES[@]}"; }

# What the real node needs from the kernel and the user, checked before anything starts.
check_node_capabilities() {
  [ "$(id -u)" = 0 ] || die "the real node needs root (network namespaces, mounts, cgroups); run as root or set GANTRY_REAL_NODE=0"
  [ -d /sys/fs/cgroup/memory ] || [ -f /sys/fs/cgroup/cgroup.controllers ] || die "no memory cgroup at /sys/fs/cgroup: the kubelet cannot run here (GANTRY_REAL_NODE=0 runs without it)"
  [ -e /dev/net/tun ] || [ -d /proc/sys/net/bridge ] || [ -d /sys/class/net ] || die "no network devices: cannot create the node's network"
}

ensure_node_binaries() {
  local missing=() b
  for b in "${NODE_BINARIES[@]}"; do [ -x "$NODE_BIN/$b" ] || missing+=("$b"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ -n "${GANTRY_NODE_BIN_DIR:-}" ] && die "GANTRY_NODE_BIN_DIR=$GANTRY_NODE_BIN_DIR lacks: ${missing[*]}"
  local start=$SECONDS
  log "missing node binaries: ${missing[*]}; building them from the Go module proxy (cold: about 8 minutes)"
  if [ ! -x "$NODE_BIN/kubelet" ] || [ ! -x "$NODE_BIN/kube-proxy" ]; then
    go_build_kubernetes "$NODE_BIN" kubelet kube-proxy || die "building kubelet and kube-proxy v$K8S_VERSION failed (see the go output above)"
  fi
  if [ ! -x "$NODE_BIN/coredns" ]; then
    ( build_go_install coredns github.com/coredns/coredns "$COREDNS_VERSION" "" "$NODE_BIN" ) || die "building CoreDNS v$COREDNS_VERSION failed"
  fi
  log "built ${missing[*]} in $((SECONDS - start)) s into $NODE_BIN"
}

# oci_archive DIR ROOTFS NAME TAR [umoci config args...]: a one-layer image of ROOTFS, as a
# docker-archive that containerd imports under NAME.
oci_archive() {
  local dir=$1 rootfs=$2 name=$3 tar=$4; shift 4
  rm -rf "$dir/oci" && umoci init --layout "$dir/oci" && umoci new --image "$dir/oci:img" \
    && umoci insert --image "$dir/oci:img" "$rootfs" / >/dev/null \
    && umoci config --image "$dir/oci:img" "$@" \
    && skopeo copy -q "oci:$dir/oci:img" "docker-archive:$tar.tmp:$name" && mv "$tar.tmp" "$tar"
}

# The sandbox (pause) image from the pause.c that ships in the Kubernetes module, and CoreDNS on
# an empty base: no registry is reached, ever.
ensure_infra_images() {
  [ -f "$INFRA_IMAGES/pause.tar" ] && [ -f "$INFRA_IMAGES/coredns.tar" ] && [ -f "$INFRA_IMAGES/busybox.tar" ] && return 0
  local work; work=$(mktemp -d)
  mkdir -p "$INFRA_IMAGES" "$work/pause" "$work/coredns/etc/coredns" "$work/coredns/tmp" "$work/busybox/bin" "$work/busybox/tmp"
  go_env
  local pause_c=$GOMODCACHE/k8s.io/kubernetes@v$K8S_VERSION/build/pause/linux/pause.c
  [ -f "$pause_c" ] || ( cd "$CACHE" && go mod download "k8s.io/kubernetes@v$K8S_VERSION" ) || die "cannot download k8s.io/kubernetes@v$K8S_VERSION for pause.c"
  gcc -Os -static -DVERSION="v$PAUSE_VERSION-gantry" -o "$work/pause/pause" "$pause_c" && strip "$work/pause/pause" \
    || die "cannot compile the pause container from $pause_c (gcc -static needs libc6-dev)"
  oci_archive "$work/p" "$work/pause" "$PAUSE_IMAGE" "$INFRA_IMAGES/pause.tar" \
    --config.entrypoint /pause --config.user 65535:65535 || die "cannot build the pause image"
  cp "$NODE_BIN/coredns" "$work/coredns/coredns"
  oci_archive "$work/c" "$work/coredns" "$COREDNS_IMAGE" "$INFRA_IMAGES/coredns.tar" \
    --config.entrypoint /coredns --config.user 65534:65534 || die "cannot build the CoreDNS image"
  cp /bin/busybox "$work/busybox/bin/" && chmod 1777 "$work/busybox/tmp"
  local a
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$work/busybox/bin/$a"; done
  # Tagged with Debian's busybox-static version, read once it is installed.
  local busybox_image
  busybox_image=localhost/gantry/busybox:$(dpkg-query -W -f '${Version}' busybox-static | sed 's/^[0-9]*://; s/-.*//')
  oci_archive "$work/b" "$work/busybox" "$busybox_image" "$INFRA_IMAGES/busybox.tar" \
    --config.cmd sh --config.env PATH=/bin || die "cannot build the busybox image"
  rm -rf "$work"
  log "built $PAUSE_IMAGE, $COREDNS_IMAGE and $busybox_image into $INFRA_IMAGES"
}

real_node_owner() { cat "$REAL_NODE_OWNER" 2>/dev/null || true; }

# Another cluster's real node still running? (its kubelet pid is alive)
real_node_taken_by_other() {
  local owner; owner=$(real_node_owner)
  [ -n "$owner" ] && [ "$owner" != "$CLUSTER" ] || return 1
  local pid; pid=$(cat "$CACHE/clusters/$owner/pids/kubelet" 2>/dev/null) || return 1
  [ -d "/proc/$pid" ]
}

write_node_configs() {
  local d=$CLUSTER_DIR
  mkdir -p "$d/cni/net.d" "$d/cni/ipam" "$d/containerd" "$d/kubelet" "$d/pod-logs"
  cat > "$d/containerd/config.toml" <<TOML
version = 2
root = "$d/containerd/root"
state = "$RUN_STATE/containerd"
disabled_plugins = ["io.containerd.internal.v1.opt", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$CONTAINERD_SOCK"
[ttrpc]
  address = "$CONTAINERD_SOCK.ttrpc"
[debug]
  address = "$RUN_STATE/containerd-debug.sock"
[metrics]
  address = ""
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  enable_selinux = false
  # Without CAP_SYS_RESOURCE a sandbox cannot lower its oom_score_adj.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        BinaryName = "$(command -v runc)"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$d/cni/net.d"
TOML
  # Routes for the Service range and the node: the namespace has no default route.
  cat > "$d/cni/net.d/10-gantry.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "gantry",
  "plugins": [{
    "type": "bridge", "bridge": "gantry0", "isGateway": true, "isDefaultGateway": false,
    "ipMasq": false, "hairpinMode": true,
    "ipam": {
      "type": "host-local",
      "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$POD_GATEWAY"}]],
      "routes": [{"dst": "$SERVICE_CIDR"}, {"dst": "${NODE_IP%.*}.0/24"}],
      "dataDir": "$d/cni/ipam"
    }
  }]
}
JSON
  # Pods with dnsPolicy Default (CoreDNS) must not inherit the host's resolver.
  echo "options ndots:5" > "$d/node-resolv.conf"
  local taints=""
  [ "$GPU_NODES" -gt 0 ] && taints="registerWithTaints: [{key: gantry.dev/real-node, value: \"true\", effect: NoSchedule}]"
  cat > "$d/kubelet-config.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $d/pki/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $d/pki/kubelet-serving.crt
tlsPrivateKeyFile: $d/pki/kubelet-serving.key
containerRuntimeEndpoint: unix://$CONTAINERD_SOCK
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
podLogsDir: $d/pod-logs
clusterDomain: cluster.local
clusterDNS: [$DNS_SERVICE_IP]
resolvConf: $d/node-resolv.conf
maxPods: 40
serializeImagePulls: false
registerNode: true
evictionHard: {memory.available: "200Mi", nodefs.available: "2%", imagefs.available: "2%"}
imageGCHighThresholdPercent: 98
imageGCLowThresholdPercent: 95
$taints
YAML
}

coredns_yaml() {
  local tolerations=""
  [ "$GPU_NODES" -gt 0 ] && tolerations="tolerations: [{key: gantry.dev/real-node, operator: Exists}]"
  cat <<YAML
apiVersion: v1
kind: ServiceAccount
metadata: {name: coredns, namespace: kube-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: system:coredns}
rules:
- {apiGroups: [""], resources: [endpoints, services, pods, namespaces], verbs: [list, watch]}
- {apiGroups: [discovery.k8s.io], resources: [endpointslices], verbs: [list, watch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: system:coredns}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:coredns}
subjects: [{kind: ServiceAccount, name: coredns, namespace: kube-system}]
---
# No forward plugin: nothing is ever sent upstream; names outside cluster.local get NXDOMAIN.
apiVersion: v1
kind: ConfigMap
metadata: {name: coredns, namespace: kube-system}
data:
  Corefile: |
    cluster.local:53 in-addr.arpa:53 ip6.arpa:53 {
        errors
        kubernetes cluster.local in-addr.arpa ip6.arpa {
            pods insecure
            ttl 30
        }
        cache 30
        loadbalance
    }
    .:53 {
        errors
        health {
            lameduck 2s
        }
        ready
        template ANY ANY {
            rcode NXDOMAIN
        }
    }
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  replicas: 1
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      serviceAccountName: coredns
      dnsPolicy: Default
      nodeSelector: {gantry.dev/real-node: "true"}
      $tolerations
      securityContext: {runAsNonRoot: true, runAsUser: 65534, sysctls: [{name: net.ipv4.ip_unprivileged_port_start, value: "53"}]}
      containers:
      - name: coredns
        image: $COREDNS_IMAGE
        imagePullPolicy: Never
        args: [-conf, /etc/coredns/Corefile]
        ports:
        - {name: dns, containerPort: 53, protocol: UDP}
        - {name: dns-tcp, containerPort: 53, protocol: TCP}
        readinessProbe: {httpGet: {path: /ready, port: 8181}, periodSeconds: 2}
        livenessProbe: {httpGet: {path: /health, port: 8080}, initialDelaySeconds: 10, periodSeconds: 10}
        resources: {requests: {cpu: 20m, memory: 32Mi}, limits: {memory: 128Mi}}
        securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
        volumeMounts: [{name: config, mountPath: /etc/coredns, readOnly: true}]
      volumes:
      - name: config
        configMap: {name: coredns, items: [{key: Corefile, path: Corefile}]}
---
apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  selector: {k8s-app: kube-dns}
  clusterIP: $DNS_SERVICE_IP
  ports:
  - {name: dns, port: 53, protocol: UDP}
  - {name: dns-tcp, port: 53, protocol: TCP}
YAML
}

# Imports image archives (docker-archive or oci-archive tars) into the real node's containerd.
import_images() {
  local tar
  for tar in "$@"; do
    [ -f "$tar" ] || die "no image archive $tar"
    ctr --address "$CONTAINERD_SOCK" -n k8s.io images import --no-unpack=false "$tar" >/dev/null \
      || die "containerd could not import $tar"
  done
}

save_sysctls() {
  local k
  [ -f "$CLUSTER_DIR/sysctls.orig" ] && return 0
  for k in "${SYSCTLS_KUBELET_CHANGES[@]}"; do echo "$k=$(sysctl -n "$k")"; done > "$CLUSTER_DIR/sysctls.orig"
}

restore_sysctls() {
  local k v
  [ -f "$CLUSTER_DIR/sysctls.orig" ] || return 0
  while IFS='=' read -r k v; do sysctl -q -w "$k=$v" || log "could not restore $k=$v"; done < "$CLUSTER_DIR/sysctls.orig"
}

# Beside simulated GPU nodes the real node is kept apart (label and taint gantry.dev/real-node, as
# on scripts/kind-cluster), so only pods that ask for it land there; alone, it is the cluster's
# GPU node and takes every pod, as a node of a real cluster would.
real_node_labels() {
  if [ "$GPU_NODES" -gt 0 ]; then echo "gantry.dev/real-node=true"; else echo "gantry.dev/real-node=true,nvidia.com/gpu.present=true"; fi
}

start_real_node() {
  real_node_taken_by_other && die "cluster $(real_node_owner) already runs this machine's real node (the kubelet and containerd share fixed paths); stop it (GANTRY_CLUSTER=$(real_node_owner) scripts/local-cluster down) or set GANTRY_REAL_NODE=0"
  echo "$CLUSTER" > "$REAL_NODE_OWNER"
  write_node_configs
  save_sysctls
  # Pulls fail at once instead of hanging: images come from archives only.
  HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost,$NODE_IP \
    bg containerd containerd --config "$CLUSTER_DIR/containerd/config.toml"
  local i
  for i in $(seq 30); do ctr --address "$CONTAINERD_SOCK" version >/dev/null 2>&1 && break; sleep 0.5; done
  ctr --address "$CONTAINERD_SOCK" version >/dev/null 2>&1 || fail_up "containerd did not start" containerd
  import_images "$INFRA_IMAGES/pause.tar" "$INFRA_IMAGES/coredns.tar" "$INFRA_IMAGES/busybox.tar"
  bg kubelet "$NODE_BIN/kubelet" --config "$CLUSTER_DIR/kubelet-config.yaml" --kubeconfig "$CLUSTER_DIR/pki/kubelet.kubeconfig" \
    --root-dir "$CLUSTER_DIR/kubelet" --hostname-override "$REAL_NODE_NAME" --node-ip "$NODE_IP" \
    --node-labels "$(real_node_labels)" --v 1
  # Local traffic to ClusterIPs needs a route in the namespace (it has no default route).
  netns ip route replace "$SERVICE_CIDR" dev gantry-node0 src "$NODE_IP"
  bg kube-proxy "$NODE_BIN/kube-proxy" --kubeconfig "$CLUSTER_DIR/pki/kube-proxy.kubeconfig" \
    --proxy-mode iptables --cluster-cidr "$POD_CIDR" --hostname-override "$REAL_NODE_NAME" \
    --conntrack-max-per-core 0 --metrics-bind-address 127.0.0.1:10249 --healthz-bind-address 127.0.0.1:10256
  for i in $(seq 60); do kubectl_ get node "$REAL_NODE_NAME" >/dev/null 2>&1 && break; sleep 1; done
  kubectl_ wait --for=condition=Ready "node/$REAL_NODE_NAME" --timeout=60s >/dev/null 2>&1 || fail_up "the real node did not become Ready" kubelet
  # Extended resources that no device plugin manages are advertised through the node's status.
  kubectl_ patch node "$REAL_NODE_NAME" --subresource=status --type=merge \
    -p "{\"status\":{\"capacity\":{\"nvidia.com/gpu\":\"$REAL_NODE_GPUS\"}}}" >/dev/null
  for i in $(seq 60); do kubectl_ -n kube-system get sa default >/dev/null 2>&1 && break; sleep 1; done
  coredns_yaml | kubectl_ apply -f - >/dev/null
  kubectl_ -n kube-system rollout status deploy/coredns --timeout=90s >/dev/null 2>&1 || fail_up "CoreDNS did not become ready" kubelet
}

# Monitoring as a cluster would have it: a real Prometheus in the namespace scraping the real
# node's pods by the usual prometheus.io/* annotations, with the namespace and pod labels that a
# Kubernetes scrape gives (found by lib/pod-targets.sh: Debian's Prometheus has no Kubernetes
# discovery); pods reach it at $NODE_IP:9090, the host at 127.0.0.1:PROMETHEUS_PORT.
start_prometheus() {
  local d=$CLUSTER_DIR/prometheus
  mkdir -p "$d/data"
  cat > "$d/prometheus.yml" <<YAML
global: {scrape_interval: $PROMETHEUS_SCRAPE_INTERVAL, scrape_timeout: $PROMETHEUS_SCRAPE_INTERVAL, evaluation_interval: $PROMETHEUS_SCRAPE_INTERVAL}
scrape_configs:
- job_name: kubernetes-pods
  file_sd_configs: [{files: ['$d/pod-targets.json'], refresh_interval: 2s}]
YAML
  echo '[]' > "$d/pod-targets.json"
  KUBECTL=$BIN/kubectl bg prometheus-targets "$REPO/scripts/lib/pod-targets.sh" "$KUBECONFIG_FILE" "$d/pod-targets.json" "$REAL_NODE_NAME"
  bg prometheus prometheus --config.file="$d/prometheus.yml" --storage.tsdb.path="$d/data" \
    --web.listen-address=0.0.0.0:9090 --storage.tsdb.retention.time=1d
  mkdir -p "$RUN_STATE"
  bg prometheus-bridge-ns socat "UNIX-LISTEN:$RUN_STATE/prometheus.sock,fork,unlink-early" "TCP:127.0.0.1:9090"
  local i
  for i in $(seq 20); do [ -S "$RUN_STATE/prometheus.sock" ] && break; sleep 0.2; done
  bg_host prometheus-bridge-host socat "TCP-LISTEN:$PROMETHEUS_PORT,bind=127.0.0.1,fork,reuseaddr" "UNIX-CONNECT:$RUN_STATE/prometheus.sock"
  for i in $(seq 40); do netns curl -fsS http://127.0.0.1:9090/-/ready >/dev/null 2>&1 && return 0; sleep 0.5; done
  fail_up "Prometheus did not become ready" prometheus
}

# Stops the node's processes, then its containers, mounts, and the paths it shares with the host.
stop_real_node() {
  stop_process prometheus-bridge-host; stop_process prometheus-bridge-ns; stop_process prometheus
  stop_process prometheus-targets
  stop_process kube-proxy
  stop_process kubelet
  if [ -S "$CONTAINERD_SOCK" ]; then
    local t
    for t in $(ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks ls -q 2>/dev/null); do
      ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks kill -s SIGKILL "$t" >/dev/null 2>&1 || true
    done
    sleep 1
    for t in $(ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks ls -q 2>/dev/null); do
      ctr --address "$CONTAINERD_SOCK" -n k8s.io tasks rm -f "$t" >/dev/null 2>&1 || true
    done
  fi
  stop_process containerd
  # Pod network namespaces, the kubelet's bind mount of its root dir, container rootfs mounts.
  local m
  # (none left, on a second down: grep finds nothing, which pipefail must not turn into a failure)
  { grep -E " ($CLUSTER_DIR|$RUN_STATE|/run/containerd|/run/netns/cni-)" /proc/mounts || true; } | awk '{print $2}' | sort -r \
    | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  for m in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^cni-' || true); do ip netns del "$m" 2>/dev/null || true; done
  restore_sysctls
  rm -rf /var/lib/kubelet /var/log/containers /var/log/pods /var/lib/cni /run/containerd
  local top
  for top in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/*/k8s.io /sys/fs/cgroup/kubepods /sys/fs/cgroup/k8s.io; do
    [ -d "$top" ] && find "$top" -depth -type d -exec rmdir {} \; 2>/dev/null
  done
  [ "$(real_node_owner)" = "$CLUSTER" ] && rm -f "$REAL_NODE_OWNER"
  return 0
}
