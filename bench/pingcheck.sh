#!/usr/bin/env bash
# Benchmark: what the ping check before an offer costs. The standalone dhcp-node on the bench
# topology, driven by perfdhcp (4-way exchanges, increasing rate, every client new), once with
# pingCheck off and once with it on (timeout 500 ms, the default). No host answers in the range, so
# every checked offer waits the whole timeout: the worst case (a /15 pool, so no step runs out). The node checks at most
# 64 threads / timeout addresses per second and offers the rest unchecked (counted).
# Server on CPU 0, perfdhcp on CPU 1. Last line: both highest rates with <= 1 % drops, their 4-way
# latencies, the ratio, and how many offers were checked and how many went unchecked.
# Needs root, iproute2, curl, perfdhcp (kea-admin).
# Usage: sudo bench/pingcheck.sh        (BENCH_SECONDS=8 per step, BENCH_RATES to override)
set -euo pipefail
BENCH_PREFIX=bk$$
source "$(dirname "$0")/lib.sh"
RATES=${BENCH_RATES:-"100 200 500 1000 2000 3000 4000 5000 6000 8000"}
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -DskipTests package)
topology

pair() {  # pair PATH PING(true|false)
  cat >"$1" <<YAML
apiVersion: dhcpfailover.io/v1alpha1
kind: DhcpFailoverPair
metadata: {name: bench}
spec:
  primary: {address: 198.18.0.2, interfaces: []}
  secondary: {address: 198.18.0.3, interfaces: []}
  subnets:
    - subnet: 198.18.0.0/15
      ranges: ["198.18.1.0-198.19.255.250"]
      leaseTime: 1h
      pingCheck: {enabled: $2, timeoutMillis: 500}
YAML
}

run() {  # run LABEL PING
  pair "$WORK/pair-$2.yaml" "$2"
  rm -rf "$WORK/node-data"
  start node srv "$SERVER_CPU" java -Xms512m -Xmx1g -jar "$JAR" serve --pair "$WORK/pair-$2.yaml" \
    --role standalone --data-dir "$WORK/node-data" --http-port 8067
  wait_dhcp
  perf 100 3 >/dev/null   # JIT warm-up
  sweep "$1" 198.18.0.2 $RATES
  ip netns exec "$P-srv" curl -s http://198.18.0.2:8067/metrics | grep '^dhcp_ping_checks_total' >"$WORK/ping-$2.txt" || true
  stop node
}

echo "== dhcp-node standalone, pingCheck off" >&2
off=$(run ping-off false)
echo "== dhcp-node standalone, pingCheck on (500 ms)" >&2
on=$(run ping-on true)
read -r _ off_rate off_lat off_limit _ <<<"$off"
read -r _ on_rate on_lat on_limit _ <<<"$on"
count() { awk -v o="$1" -F'[ ]' '$1 ~ "outcome=\""o"\"" {printf "%.0f", $2}' "$WORK/ping-true.txt"; }
silent=$(count silent); full=$(count queue_full)
ratio=$(awk -v a="$on_rate" -v b="$off_rate" 'BEGIN{ if (b>0) printf "%.2f", a/b; else print "n/a" }')
echo "RESULT pingCheck off ${off_rate}/s at ${off_lat} ms (limited by ${off_limit}); on ${on_rate}/s at ${on_lat} ms (limited by ${on_limit}); ratio ${ratio}x; offers checked ${silent:-0}, offered unchecked (ping queue full) ${full:-0}"
