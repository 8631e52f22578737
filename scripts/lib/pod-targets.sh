#!/usr/bin/env bash
# usage: pod-targets.sh KUBECONFIG OUTPUT.json NODE [INTERVAL_SECONDS]
# Feeds the real node's Prometheus the pods to scrape, as file-based service discovery: Debian's
# Prometheus is built without Kubernetes service discovery. Every running pod on NODE annotated
# prometheus.io/scrape=true becomes a target at its pod IP and prometheus.io/port, on
# prometheus.io/path (default /metrics), labelled namespace and pod as a Kubernetes scrape labels
# them. The file is replaced whole (rename), so Prometheus never reads half of it.
set -uo pipefail
kubeconfig=$1 out=$2 node=$3 interval=${4:-2}
kubectl=${KUBECTL:-kubectl}
while true; do
  if "$kubectl" --kubeconfig "$kubeconfig" get pods -A --request-timeout=5s \
      --field-selector "spec.nodeName=$node,status.phase=Running" \
      -o jsonpath='{range .items[*]}{.metadata.namespace}{"|"}{.metadata.name}{"|"}{.status.podIP}{"|"}{.metadata.annotations.prometheus\.io/scrape}{"|"}{.metadata.annotations.prometheus\.io/port}{"|"}{.metadata.annotations.prometheus\.io/path}{"\n"}{end}' \
      > "$out.pods" 2>/dev/null; then
    awk -F'|' 'BEGIN { printf "[" }
      $4 == "true" && $3 != "" && $5 != "" {
        path = ($6 == "") ? "/metrics" : $6
        printf "%s{\"targets\":[\"%s:%s\"],\"labels\":{\"namespace\":\"%s\",\"pod\":\"%s\",\"__metrics_path__\":\"%s\"}}", sep, $3, $5, $1, $2, path
        sep = ","
      }
      END { print "]" }' "$out.pods" > "$out.tmp" && mv "$out.tmp" "$out"
  fi
  sleep "$interval"
done
