#!/usr/bin/env bash
# Benchmark: a real client's lease latency under a DHCPDISCOVER flood, with the default spec.limits.
# A standalone node on CPU 0 serves 198.18.0.0/16 (direct clients on eth1); perfdhcp on CPU 1 sends
# ~10,000 DISCOVERs a second from random hardware addresses (-R, DISCOVER-OFFER only: offers nobody
# claims) as a relay; meanwhile dhclient, directly attached on the same segment, gets a lease again
# and again, each time with a new hardware address. Namespaces, addresses in 198.18.0.0/15, all
# torn down on exit; only the PIDs the script started are stopped.
# Its RESULT line: the legitimate client's median lease latency under the flood (and without it),
# and the share of the flood the node shed before any allocation work, by reason.
# Then a starvation attack that completes the exchange: the node is restarted with a 151-address
# range and the default 25 % new-client reserve, dhcpstarv (a new hardware address for every
# DISCOVER and REQUEST) runs on the same segment until the end, and dhclient gets a lease again and
# again meanwhile. Last line: the legitimate client's median and worst lease latency under
# dhcpstarv, the share of DISCOVERs shed at the reserve, the leases dhcpstarv got past it, and the
# fewest addresses left to give.
# Needs root, iproute2, perfdhcp (kea-admin), dhclient (isc-dhcp-client), curl, dhcpstarv.
# Usage: sudo bench/flood.sh   (BENCH_FLOOD_RATE=10000, BENCH_SAMPLES=15, BENCH_SECONDS=40 at most,
#   BENCH_STARVE_SAMPLES=8)
set -euo pipefail
BENCH_PREFIX=bf$$
source "$(dirname "$0")/lib.sh"
RATE=${BENCH_FLOOD_RATE:-10000}
SAMPLES=${BENCH_SAMPLES:-15}
SECS=${BENCH_SECONDS:-40}
STARVE_SAMPLES=${BENCH_STARVE_SAMPLES:-8}
for tool in perfdhcp dhclient curl dhcpstarv; do
  command -v "$tool" >/dev/null || { echo "missing $tool (bash scripts/install-test-deps.sh)" >&2; exit 1; }
done
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -DskipTests package)
topology
ns_add legit; link legit eth0

cat >"$WORK/pair.yaml" <<YAML
apiVersion: dhcpfailover.io/v1alpha1
kind: DhcpFailoverPair
metadata: {name: bench-flood}
spec:
  primary: {address: 198.18.0.2, interfaces: [eth1]}
  secondary: {address: 198.18.0.3, interfaces: []}
  subnets:
    - subnet: 198.18.0.0/16
      ranges: ["198.18.1.0-198.18.255.250"]
      leaseTime: 1h
YAML
printf 'timeout 10;\nretry 1;\n' >"$WORK/dhclient.conf"
LEASE_CONF="$WORK/dhclient.conf"; LEASE_TIMEOUT=15
printf '#!/bin/sh\nexit 0\n' >"$WORK/dhclient-script"; chmod +x "$WORK/dhclient-script"

start node srv "$SERVER_CPU" java -Xms512m -Xmx1g -jar "$JAR" serve --pair "$WORK/pair.yaml" --role standalone \
  --data-dir "$WORK/node-data" --http-port 8067
wait_dhcp
perf 2000 3 >/dev/null   # JIT warm-up (4-way exchanges through the relay path)

metric() { ip netns exec "$P-srv" curl -s -m 2 http://198.18.0.2:8067/metrics | awk -v s="$1" '$1 == s { printf "%.0f", $2; f=1 } END { if (!f) print 0 }'; }

# lease N: one dhclient run with a new hardware address; prints its time to a lease in ms, or "fail"
lease() {
  local mac t0 t1
  mac=$(printf '02:fe:%02x:%02x:%02x:%02x' $((RANDOM % 256)) $((RANDOM % 256)) $(($1 / 256 % 256)) $(($1 % 256)))
  ip -n "$P-legit" link set eth0 address "$mac"
  rm -f "$WORK/legit.leases"
  t0=$(date +%s%N)
  if timeout "$LEASE_TIMEOUT" ip netns exec "$P-legit" dhclient -4 -1 -sf "$WORK/dhclient-script" -cf "$LEASE_CONF" \
      -lf "$WORK/legit.leases" -pf "$WORK/legit.pid" eth0 >>"$WORK/dhclient.log" 2>&1; then
    t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 ))
  else
    echo fail
  fi
  # the dhclient went to the background after its lease: end it (and anything else in the client's
  # namespace, which holds only what this function started)
  for pid in $(ip netns pids "$P-legit" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  rm -f "$WORK/legit.pid"
}

# median of the numbers on stdin ("fail" lines are left out)
median() { grep -v fail | sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "== $SAMPLES leases without a flood" >&2
: >"$WORK/quiet.txt"
for i in $(seq 1 "$SAMPLES"); do lease "$i" >>"$WORK/quiet.txt"; done
quiet_median=$(median <"$WORK/quiet.txt")

echo "== flood: perfdhcp -i -r $RATE -R 1000000 (random hardware addresses), $SAMPLES leases meanwhile" >&2
in0=$(metric 'dhcp_packets_in_total{type="discover"}')
relay0=$(metric 'dhcp_drops_total{reason="relay_rate_limit"}')
client0=$(metric 'dhcp_drops_total{reason="client_rate_limit"}')
t0=$(date +%s%N)
start flood perf "$LOAD_CPU" perfdhcp -4 -l eth0 -i -r "$RATE" -R 1000000 -p "$SECS" 198.18.0.2
sleep 3
: >"$WORK/flood.txt"
for i in $(seq 1 "$SAMPLES"); do lease $((1000 + i)) >>"$WORK/flood.txt"; done
held=$(metric 'dhcp_offers_held{subnet="198.18.0.0/16"}')
unheld=$(metric 'dhcp_offers_unheld_total')
in1=$(metric 'dhcp_packets_in_total{type="discover"}')
relay1=$(metric 'dhcp_drops_total{reason="relay_rate_limit"}')
client1=$(metric 'dhcp_drops_total{reason="client_rate_limit"}')
t1=$(date +%s%N)
stop flood
flood_median=$(median <"$WORK/flood.txt")
failed=$(grep -c fail "$WORK/flood.txt" || true)
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
received=$((in1 - in0)); relay=$((relay1 - relay0)); client=$((client1 - client0))
rate_in=$(awk -v n="$received" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
shed_pct=$(awk -v a="$relay" -v b="$client" -v n="$received" 'BEGIN { printf "%.1f", (n > 0) ? 100 * (a + b) / n : 0 }')
echo "flood: ${received} DISCOVERs in ${secs} s (${rate_in}/s received); shed relay_rate_limit=${relay} client_rate_limit=${client}; offers held ${held}, made unheld ${unheld}" >&2
echo "quiet leases (ms): $(tr '\n' ' ' <"$WORK/quiet.txt")" >&2
echo "flood leases (ms): $(tr '\n' ' ' <"$WORK/flood.txt")" >&2
echo "RESULT flood legit dhclient median ${flood_median} ms under ${rate_in}/s DISCOVERs (${quiet_median} ms without; ${failed}/${SAMPLES} failed); shed ${shed_pct} % (relay_rate_limit ${relay}, client_rate_limit ${client}); offers held ${held} of 256"

# ---- dhcpstarv: made-up clients that complete the exchange, against the new-client reserve ----
stop node
cat >"$WORK/starve.yaml" <<YAML
apiVersion: dhcpfailover.io/v1alpha1
kind: DhcpFailoverPair
metadata: {name: bench-starve}
spec:
  primary: {address: 198.18.0.2, interfaces: [eth1]}
  secondary: {address: 198.18.0.3, interfaces: []}
  subnets:
    - subnet: 198.18.0.0/16
      ranges: ["198.18.2.100-198.18.2.250"]
      leaseTime: 1h
YAML
POOL=151; RESERVE=37   # 25 % of 151, rounded down
start node2 srv "$SERVER_CPU" java -Xms256m -Xmx512m -jar "$JAR" serve --pair "$WORK/starve.yaml" --role standalone \
  --data-dir "$WORK/node2-data" --http-port 8067
wait_dhcp
ns_add starve; link starve eth0
# addresses the node may still give a new client: free ones not held in an offer
available() {
  ip netns exec "$P-srv" curl -s -m 2 http://198.18.0.2:8067/status \
    | python3 -c 'import json,sys; s=json.load(sys.stdin)["subnets"][0]; print(s["free"] - s["offersHeld"])'
}
echo "== dhcpstarv until the pool is down to its reserve ($RESERVE of $POOL), then $STARVE_SAMPLES leases meanwhile" >&2
start starve starve "$LOAD_CPU" dhcpstarv -i eth0
for _ in $(seq 1 100); do [ "$(available)" -le "$RESERVE" ] && break; sleep 0.2; done
taken=$((POOL - $(available)))
in0=$(metric 'dhcp_packets_in_total{type="discover"}')
shed0=$(metric 'dhcp_drops_total{reason="new_client_reserve"}')
acks0=$(metric 'dhcp_leases_committed_total')
printf 'timeout 30;\nretry 1;\n' >"$WORK/dhclient-starve.conf"
LEASE_CONF="$WORK/dhclient-starve.conf"; LEASE_TIMEOUT=40
lowest=$(available)
t0=$(date +%s%N)
: >"$WORK/starve.txt"
for i in $(seq 1 "$STARVE_SAMPLES"); do
  lease $((2000 + i)) >>"$WORK/starve.txt"
  a=$(available); [ "$a" -lt "$lowest" ] && lowest=$a
done
t1=$(date +%s%N)
in1=$(metric 'dhcp_packets_in_total{type="discover"}')
shed1=$(metric 'dhcp_drops_total{reason="new_client_reserve"}')
acks1=$(metric 'dhcp_leases_committed_total')
stop starve
secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", (b - a) / 1e9 }')
got=$(grep -vc fail "$WORK/starve.txt" || true)
failed=$(grep -c fail "$WORK/starve.txt" || true)
received=$((in1 - in0)); shed=$((shed1 - shed0)); attacker=$((acks1 - acks0 - got))
starve_median=$(median <"$WORK/starve.txt")
worst=$(grep -v fail "$WORK/starve.txt" | sort -n | tail -1)
shed_pct=$(awk -v a="$shed" -v n="$received" 'BEGIN { printf "%.0f", (n > 0) ? 100 * a / n : 0 }')
echo "dhcpstarv: took $taken addresses before the reserve; then in ${secs} s ${received} DISCOVERs, ${shed} shed at the reserve, ${attacker} leases to dhcpstarv (30 s each, never renewed); fewest addresses left ${lowest}" >&2
echo "leases under dhcpstarv (ms): $(tr '\n' ' ' <"$WORK/starve.txt")" >&2
echo "RESULT starve legit dhclient median ${starve_median} ms, worst ${worst:-n/a} ms under dhcpstarv at the reserve (${failed}/${STARVE_SAMPLES} failed); shed ${shed_pct} % of DISCOVERs (${shed} new_client_reserve); dhcpstarv got ${attacker} leases in ${secs} s; fewest addresses left ${lowest} of reserve ${RESERVE}"
