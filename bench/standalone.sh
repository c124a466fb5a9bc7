#!/usr/bin/env bash
# Benchmark: the standalone dhcp-node against a single Kea (memfile persistence) on the same
# topology, driven by perfdhcp (4-way exchanges, increasing rate). Server on CPU 0, perfdhcp on CPU 1.
# Last line: our highest sustained rate with <= 1 % drops, its latency, and the ratio to Kea; what
# limited each (the server, or perfdhcp when its own core was the busy one); and the server core's
# CPU time per exchange at that rate, which still compares the servers when perfdhcp is the limit.
# Needs root, iproute2, perfdhcp (kea-admin); Kea (kea-dhcp4-server) is measured when installed.
# Usage: sudo bench/standalone.sh            (BENCH_SECONDS=8 per step, BENCH_RATES to override)
set -euo pipefail
BENCH_PREFIX=bs$$
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kea.sh"
RATES=${BENCH_RATES:-"1000 2000 3000 3500 4000 4500 5000 5500 6000 7000 8000 10000 12000"}
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -DskipTests package)
topology

cat >"$WORK/pair.yaml" <<YAML
apiVersion: dhcpfailover.io/v1alpha1
kind: DhcpFailoverPair
metadata: {name: bench}
spec:
  primary: {address: 198.18.0.2, interfaces: []}
  secondary: {address: 198.18.0.3, interfaces: []}
  # perfdhcp is one relay sending every request and never retransmits a DISCOVER: the flood
  # limits and the new-client reserve out of the way
  limits: {packetsPerRelayPerSecond: 1000000, offersPerClientPerSecond: 1000, newClientReservePercent: 0}
  subnets:
    - subnet: 198.18.0.0/16
      ranges: ["198.18.1.0-198.18.255.250"]
      leaseTime: 1h
YAML

echo "== dhcp-node standalone (journal fsync per group commit, INFO lease log, async appender)" >&2
start node srv "$SERVER_CPU" java -Xms512m -Xmx1g -jar "$JAR" serve --pair "$WORK/pair.yaml" --role standalone \
  --data-dir "$WORK/node-data" --http-port 8067
wait_dhcp
perf 2000 3 >/dev/null   # JIT warm-up
ours=$(sweep dhcp-node 198.18.0.2 $RATES)
stop node
read -r _ our_rate our_lat our_limit our_cpu <<<"$ours"

kea_rate=0
if command -v kea-dhcp4 >/dev/null; then
  echo "== Kea $(kea-dhcp4 -v) single server, memfile persist=true" >&2
  mkdir -p "$WORK/kea"; kea_config "$WORK/kea"
  export KEA_PIDFILE_DIR="$WORK/kea" KEA_LOCKFILE_DIR="$WORK/kea"
  start kea srv "$SERVER_CPU" kea-dhcp4 -c "$WORK/kea/kea-dhcp4.conf"
  wait_dhcp
  perf 2000 3 >/dev/null
  kea=$(sweep kea 198.18.0.2 $RATES)
  stop kea
  read -r _ kea_rate kea_lat kea_limit kea_cpu <<<"$kea"
  kea_us=$(awk -v c="$kea_cpu" -v r="$kea_rate" 'BEGIN{ if (r>0) printf "%.0f", c*10000/r; else print "n/a" }')
  echo "kea: ${kea_rate} exchanges/s, avg 4-way latency ${kea_lat} ms (limited by ${kea_limit}); server core ${kea_cpu}% busy = ${kea_us} us per exchange"
fi
our_us=$(awk -v c="$our_cpu" -v r="$our_rate" 'BEGIN{ if (r>0) printf "%.0f", c*10000/r; else print "n/a" }')
echo "dhcp-node: ${our_rate} exchanges/s, avg 4-way latency ${our_lat} ms (limited by ${our_limit}); server core ${our_cpu}% busy = ${our_us} us per exchange"
if [ "$kea_rate" != "0" ]; then
  ratio=$(awk -v a="$our_rate" -v b="$kea_rate" 'BEGIN{printf "%.2f", a/b}')
  cost=$(awk -v a="$our_us" -v b="$kea_us" 'BEGIN{ if (a>0) printf "%.2f", b/a; else print "n/a" }')
  echo "RESULT standalone dhcp-node ${our_rate}/s at ${our_lat} ms (limited by ${our_limit}); kea ${kea_rate}/s at ${kea_lat} ms (limited by ${kea_limit}); ratio ${ratio}x; server CPU per exchange ${our_us} us vs kea ${kea_us} us (${cost}x)"
else
  echo "RESULT standalone dhcp-node ${our_rate}/s at ${our_lat} ms (kea not installed: no ratio)"
fi
