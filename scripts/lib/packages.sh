# shellcheck shell=bash
# ensure_packages WHY COMMAND:PACKAGE...: installs the Debian packages whose command (or absolute
# path) is missing, when run as root with apt-get; otherwise stops, naming what to install. The
# caller defines log and die.
ensure_packages() {
  local why=$1 missing=() entry cmd pkg; shift
  for entry in "$@"; do
    cmd=${entry%%:*}; pkg=${entry#*:}
    if [[ $cmd == /* ]]; then [ -e "$cmd" ] && continue; else command -v "$cmd" >/dev/null && continue; fi
    [[ " ${missing[*]} " == *" $pkg "* ]] || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian packages for $why: ${missing[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/dev/null \
      || die "cannot install ${missing[*]} with apt-get (needed for $why); install them and run again"
  else
    die "$why needs these Debian packages: ${missing[*]} (as root: apt-get install ${missing[*]})"
  fi
}

# Debian's packages the local cluster's real node runs on, as COMMAND:PACKAGE (scripts/local-cluster
# and scripts/test install them alike).
# shellcheck disable=SC2034 # used by the scripts that source this file
REAL_NODE_PACKAGES=(runc:runc containerd:containerd /usr/lib/cni/bridge:containernetworking-plugins
  iptables:iptables conntrack:conntrack socat:socat umoci:umoci skopeo:skopeo openssl:openssl
  nsenter:util-linux gcc:gcc /bin/busybox:busybox-static prometheus:prometheus curl:curl)
