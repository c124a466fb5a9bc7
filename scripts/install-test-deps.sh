#!/usr/bin/env bash
# Installs what the integration tests and benchmarks use: real DHCP clients, a relay, perfdhcp,
# Kea and ISC dhcpd (benchmark and interop peers), iproute2, curl. Debian/Ubuntu, as root.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  iproute2 curl ca-certificates procps nftables \
  isc-dhcp-client udhcpc dhcpcd-base isc-dhcp-relay \
  kea-admin kea-dhcp4-server isc-dhcp-server >/dev/null
# the packaged servers must not run on the host: the tests start their own, in namespaces
for svc in isc-dhcp-server kea-dhcp4-server; do
  if command -v systemctl >/dev/null 2>&1; then systemctl stop "$svc" >/dev/null 2>&1 || true; fi
done
echo "test dependencies installed"
