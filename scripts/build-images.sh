#!/usr/bin/env bash
# Builds the container images with podman: localhost/dhcp-node:VERSION and
# localhost/dhcp-failover-operator:VERSION, then prints their sizes. Debian/Ubuntu, as root.
#
#   bash scripts/build-images.sh [all|node|operator]
#
# Build the jars first (mvn -DskipTests package). For each image, jdeps lists the Java modules its
# jar uses and jlink makes a runtime of only those (MODULE/target/jre); the Dockerfile copies it
# with the jar into a small Debian base. The base is built here with debootstrap from the Debian
# mirror apt is configured with (DEBIAN_MIRROR overrides it), once: it is kept as a podman image
# and as a tarball under target/images/, both named after a hash of the recipe below. Set BASE to
# build on another base instead (e.g. BASE=debian:bookworm-slim where a registry is reachable).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK="$ROOT/target/images"
WHICH="${1:-all}"
case "$WHICH" in all|node|operator) ;; *) echo "usage: $0 [all|node|operator]" >&2; exit 2 ;; esac

# the base recipe: change any of these and the hash, so the cached base, changes with it
SUITE=bookworm
BASE_PACKAGES=libcap2-bin
RECIPE="v1 debootstrap --variant=minbase --include=$BASE_PACKAGES $SUITE; trimmed"

missing=()
for tool in podman:podman runc:runc debootstrap:debootstrap; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
for tool in jdeps jlink; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool not found: install a JDK 17 (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
done

mkdir -p "$WORK"
# podman's defaults fail where the container may not set rlimits (crun's setrlimit) or the cgroup
# layout is hybrid: runc, cgroupfs and no default ulimits work everywhere
export CONTAINERS_CONF="$WORK/containers.conf"
printf '[containers]\ndefault_ulimits = []\n' >"$CONTAINERS_CONF"
podman() { command podman --runtime runc --cgroup-manager=cgroupfs "$@"; }

VERSION=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)

debian_mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then echo "$DEBIAN_MIRROR"; return; fi
  apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null \
    | awk -v s="$SUITE" '$2 == s { print $1; exit }'
}

build_base() {
  local key image tarball rootfs mirror started
  key=$(printf '%s' "$RECIPE" | sha256sum | cut -c1-12)
  image="localhost/dhcp-failover-base:$SUITE-$key"
  tarball="$WORK/base-$SUITE-$key.tar"
  if podman image exists "$image"; then echo "$image"; return; fi
  if [ ! -s "$tarball" ]; then
    mirror=$(debian_mirror)
    if [ -z "$mirror" ]; then
      echo "no Debian $SUITE mirror in apt's sources: set DEBIAN_MIRROR" >&2; exit 1
    fi
    rootfs="$WORK/rootfs-$key"
    rm -rf "$rootfs"
    started=$(date +%s)
    echo "== debootstrap $SUITE (minbase, $BASE_PACKAGES)" >&2
    debootstrap --variant=minbase --include="$BASE_PACKAGES" "$SUITE" "$rootfs" "$mirror" \
      >"$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
    # what a runtime image never uses: package lists and caches, documentation, translations; and
    # the mirror this machine happened to use
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/cache/debconf/*-old \
      "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
      "$rootfs"/usr/share/locale/* "$rootfs"/var/log/* "$rootfs"/etc/apt/sources.list
    tar -C "$rootfs" --numeric-owner -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
    echo "== base root file system in $(( $(date +%s) - started )) s" >&2
  fi
  podman import -q --change 'CMD ["/bin/bash"]' "$tarball" "$image" >/dev/null
  echo "$image"
}

# The Java modules a jar uses, by jdeps, which reads every class (tens of seconds): kept per jar
# content in target/images/modules-<hash>, whose name this prints
modules_of() {
  local jar="$1" cache
  [ -s "$jar" ] || { echo "$jar is missing: run mvn -DskipTests package first" >&2; exit 1; }
  cache="$WORK/modules-$(sha256sum "$jar" | cut -c1-16)"
  if [ ! -s "$cache" ]; then
    jdeps --ignore-missing-deps --multi-release 17 --print-module-deps -q "$jar" >"$cache.tmp"
    mv "$cache.tmp" "$cache"
  fi
  echo "$cache"
}

# jlink a runtime with those modules, plus the providers no static analysis sees: elliptic curves
# for TLS 1.3 (the peer link, the API server)
build_runtime() {
  local jar="$1" out="$2" modules
  modules=$(cat "$(modules_of "$jar")")
  rm -rf "$out"
  jlink --add-modules "$modules,jdk.crypto.ec" --strip-debug --no-header-files --no-man-pages \
    --compress=2 --output "$out"
}

build_image() {
  local module="$1" jar="$2" name="$3" base="$4"
  build_runtime "$ROOT/$module/target/$jar" "$ROOT/$module/target/jre"
  podman build -q --build-arg BASE="$base" -t "localhost/$name:$VERSION" "$ROOT/$module" >/dev/null
  printf '%-48s %s MB\n' "localhost/$name:$VERSION" \
    "$(( $(podman image inspect --format '{{.Size}}' "localhost/$name:$VERSION") / 1000000 ))"
}

NODE_JAR="$ROOT/dhcp-node/target/dhcp-node.jar"
OPERATOR_JAR="$ROOT/operator/target/dhcp-failover-operator.jar"
jars=()
[ "$WHICH" = operator ] || jars+=("$NODE_JAR")
[ "$WHICH" = node ] || jars+=("$OPERATOR_JAR")
# jdeps (CPU) runs while debootstrap (network and disk) builds the base
analysis=()
for jar in "${jars[@]}"; do
  modules_of "$jar" >/dev/null &
  analysis+=("$!")
done
if [ -n "${BASE:-}" ]; then base="$BASE"; else base=$(build_base); fi
for pid in "${analysis[@]}"; do
  wait "$pid" || { echo "jdeps failed" >&2; exit 1; }
done
size=$(podman image inspect --format '{{.Size}}' "$base" 2>/dev/null || echo 0)
echo "== base $base ($(( size / 1000000 )) MB)"
if [ "$WHICH" != operator ]; then
  build_image dhcp-node dhcp-node.jar dhcp-node "$base"
fi
if [ "$WHICH" != node ]; then
  build_image operator dhcp-failover-operator.jar dhcp-failover-operator "$base"
fi
