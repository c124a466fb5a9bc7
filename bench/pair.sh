#!/usr/bin/env bash
# Benchmark: the dhcp-node HotStandby pair against the standalone node, a Kea hot-standby HA pair
# and an ISC dhcpd failover pair, on one topology (lan bridge; servers at 198.18.0.2 and .3,
# perfdhcp at 198.18.0.20 in relay style). Each pair is measured through its primary with the same
# perfdhcp sweep (4-way exchanges, increasing rate, highest rate with <= 1 % drops). Then the
# failover time of the dhcp-node pair: kill -9 the primary, time until the secondary ACKs a new
# client.
# CPUs: both servers of every pair, and every single server, on CPU 0; perfdhcp alone on CPU 1. A
# pair's secondary thus competes with its primary (its whole cost counts against the pair), and
# the load generator has the same core to itself for every system. BENCH_SECONDARY_CPU=1 puts
# the secondaries on perfdhcp's core instead (then a pair is often limited by that shared core).
# Needs root, iproute2, curl, perfdhcp (kea-admin); Kea and ISC dhcpd are measured when installed.
# Usage: sudo bench/pair.sh      (BENCH_SECONDS=8 per step, BENCH_RATES to override, BENCH_SECONDARY_CPU,
#                                 BENCH_MAX_RESPONSE_DELAY=5s for the pair file)
set -euo pipefail
BENCH_PREFIX=bp$$
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kea.sh"
source "$(dirname "$0")/isc.sh"
RATES=${BENCH_RATES:-"1000 2000 3000 4000 5000 6000 7000 8000 8500 9000 9500 10000 10500 11000 12000 14000 16000 20000"}
MRD=${BENCH_MAX_RESPONSE_DELAY:-5s}
# 50000 clients: a whole sweep fits in the /16 pool, so no system runs out of addresses
export BENCH_CLIENTS=${BENCH_CLIENTS:-50000}
PRIMARY_CPU=$SERVER_CPU
SECONDARY_CPU=${BENCH_SECONDARY_CPU:-$SERVER_CPU}
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -o -pl dhcp-node -am -DskipTests package)
topology
pair_file "$WORK/pair.yaml" "$MRD"
JAVA_OPTS=(-Xms512m -Xmx1g)
SUMMARY=()

# report LABEL "LABEL rate lat limit" NOTE: one line per system
report() {
  local _l rate lat limit
  read -r _l rate lat limit _cpu <<<"$2"
  SUMMARY+=("$1: ${rate} exchanges/s, avg 4-way latency ${lat} ms (limited by ${limit}) - $3")
}
# warmup: a short run every system sustains (JIT), then let queues drain
warmup() { perf 500 4 >/dev/null; sleep 2; }
rate_of() { awk '{print $2}' <<<"$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b>0) printf "%.2f", a/b; else print "n/a" }'; }

echo "== CPUs: primary/single server on CPU $PRIMARY_CPU, secondary on CPU $SECONDARY_CPU, perfdhcp on CPU $LOAD_CPU" >&2

# 1. dhcp-node pair
echo "== dhcp-node HotStandby pair (maxResponseDelay $MRD)" >&2
java -jar "$JAR" tls init --pair "$WORK/pair.yaml" --out "$WORK/tls" >/dev/null
start node-p srv "$PRIMARY_CPU" java "${JAVA_OPTS[@]}" -jar "$JAR" serve --pair "$WORK/pair.yaml" \
  --role primary --data-dir "$WORK/node-p" --tls-dir "$WORK/tls/primary" --http-port 8067
start node-s srv2 "$SECONDARY_CPU" java "${JAVA_OPTS[@]}" -jar "$JAR" serve --pair "$WORK/pair.yaml" \
  --role secondary --data-dir "$WORK/node-s" --tls-dir "$WORK/tls/secondary" --http-port 8067
both_normal() {
  [ "$(node_state srv 198.18.0.2)" = NORMAL ] && [ "$(node_state srv2 198.18.0.3)" = NORMAL ]
}
if ! wait_until 120 both_normal; then
  echo "dhcp-node pair did not reach NORMAL: primary=$(node_state srv 198.18.0.2) secondary=$(node_state srv2 198.18.0.3)" >&2
  tail -n 20 "$WORK/node-p.log" "$WORK/node-s.log" >&2
  exit 1
fi
wait_dhcp 198.18.0.2
warmup
pair=$(sweep dhcp-node-pair 198.18.0.2 $RATES)
report "dhcp-node pair" "$pair" "HotStandby, lazy updates: the DHCPACK does not wait for the secondary"

# 5. failover time of the dhcp-node pair
echo "== dhcp-node failover: kill -9 the primary" >&2
fo_time="n/a"; fo_ci="n/a"
pid=$(cat "$WORK/node-p.pid")
t0=$(date +%s.%N)
{ kill -KILL "$pid"; wait "$pid"; } 2>/dev/null || true
secondary_interrupted() { [ "$(node_state srv2 198.18.0.3)" = COMMUNICATIONS-INTERRUPTED ]; }
if wait_until 120 secondary_interrupted; then
  fo_ci=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}')
fi
# new clients from the relay side with the project's probe (perfdhcp's lone exchange misses a
# REQUEST-ACK now and then): the first ACK's REQUEST time, less the kill time
PROBE_CP="$ROOT/dhcp-node/target/test-classes:$JAR"
n=0
while [ $n -lt 10 ] && [ "$fo_time" = n/a ]; do
  n=$((n + 1))
  : >"$WORK/fo.acks"
  ip netns exec "$P-perf" timeout 30 java -cp "$PROBE_CP" io.dhcpfailover.node.it.LeaseProbe \
    198.18.0.3 198.18.0.20 1 "$WORK/fo.acks" "f$n" 10 >/dev/null 2>&1 || true
  if [ -s "$WORK/fo.acks" ]; then
    fo_time=$(awk -v t0="$t0" '{printf "%.2f", $3/1000 - t0; exit}' "$WORK/fo.acks")
    echo "  first ACK to a new client: attempt $n" >&2
  fi
done
echo "  secondary state $(node_state srv2 198.18.0.3) after $n probe(s)" >&2
stop node-s
fo_note=""
[ "$fo_time" = n/a ] && fo_note="no ACK within $n probes; "
SUMMARY+=("dhcp-node failover: secondary COMMUNICATIONS-INTERRUPTED after ${fo_ci} s, first ACK to a new client after ${fo_time} s (${fo_note}maxResponseDelay ${MRD}, not reached: kill -9 closes the TCP connection, so the loss is seen at once)")

# 2. dhcp-node standalone
echo "== dhcp-node standalone" >&2
start node srv "$SERVER_CPU" java "${JAVA_OPTS[@]}" -jar "$JAR" serve --pair "$WORK/pair.yaml" --role standalone \
  --data-dir "$WORK/node-data" --http-port 8067
wait_dhcp 198.18.0.2
warmup
alone=$(sweep dhcp-node-standalone 198.18.0.2 $RATES)
stop node
report "dhcp-node standalone" "$alone" "no partner"
pair_rate=$(rate_of "$pair"); alone_rate=$(rate_of "$alone")
ha_cost=$(awk -v p="$pair_rate" -v s="$alone_rate" 'BEGIN{ if (s>0) printf "%.1f", 100*(s-p)/s; else print "n/a" }')

# 3. Kea hot-standby pair and a single Kea
kea_part="kea-ha not installed"
if command -v kea-dhcp4 >/dev/null && [ -f "$KEA_HOOKS/libdhcp_ha.so" ]; then
  echo "== Kea $(kea-dhcp4 -v) hot-standby HA pair (lease_cmds + ha, memfile persist, HA multi-threaded listener)" >&2
  mkdir -p "$WORK/kea1" "$WORK/kea2"
  kea_ha_config "$WORK/kea1" server1 198.18.0.2
  kea_ha_config "$WORK/kea2" server2 198.18.0.3
  export KEA_PIDFILE_DIR="$WORK/kea1" KEA_LOCKFILE_DIR="$WORK/kea1"
  start kea1 srv "$PRIMARY_CPU" kea-dhcp4 -c "$WORK/kea1/kea-dhcp4.conf"
  export KEA_PIDFILE_DIR="$WORK/kea2" KEA_LOCKFILE_DIR="$WORK/kea2"
  start kea2 srv2 "$SECONDARY_CPU" kea-dhcp4 -c "$WORK/kea2/kea-dhcp4.conf"
  kea_ready() {
    [ "$(kea_ha_state srv 198.18.0.2)" = hot-standby ] && [ "$(kea_ha_state srv2 198.18.0.3)" = hot-standby ]
  }
  if wait_until 120 kea_ready; then
    wait_dhcp 198.18.0.2
    warmup
    keaha=$(sweep kea-ha 198.18.0.2 $RATES)
    report "kea-ha pair" "$keaha" "hot-standby, lease updates to the standby before the ACK"
    kea_part="kea-ha $(rate_of "$keaha")/s (ratio $(ratio "$pair_rate" "$(rate_of "$keaha")")x)"
  else
    echo "Kea HA pair did not reach hot-standby: $(kea_ha_state srv 198.18.0.2)/$(kea_ha_state srv2 198.18.0.3)" >&2
    tail -n 5 "$WORK/kea1/kea.log" "$WORK/kea2/kea.log" >&2 || true
    kea_part="kea-ha not ready"
  fi
  stop kea1; stop kea2

  echo "== Kea single server (reference)" >&2
  mkdir -p "$WORK/kea"; kea_config "$WORK/kea"
  export KEA_PIDFILE_DIR="$WORK/kea" KEA_LOCKFILE_DIR="$WORK/kea"
  start kea srv "$SERVER_CPU" kea-dhcp4 -c "$WORK/kea/kea-dhcp4.conf"
  wait_dhcp 198.18.0.2
  warmup
  kea=$(sweep kea 198.18.0.2 $RATES)
  stop kea
  report "kea single" "$kea" "reference, memfile persist"
fi

# 4. ISC dhcpd failover pair
isc_part="isc-failover not installed"
if command -v dhcpd >/dev/null; then
  echo "== ISC dhcpd $(dhcpd --version 2>&1 | head -n 1) failover pair (split 256: the primary answers every client)" >&2
  isc_config "$WORK/isc1.conf" primary 198.18.0.2 198.18.0.3
  isc_config "$WORK/isc2.conf" secondary 198.18.0.3 198.18.0.2
  start isc1 srv "$PRIMARY_CPU" dhcpd -4 -f -d -cf "$WORK/isc1.conf" -lf "$WORK/isc1.leases" -pf "$WORK/isc1.pid.file" eth1
  start isc2 srv2 "$SECONDARY_CPU" dhcpd -4 -f -d -cf "$WORK/isc2.conf" -lf "$WORK/isc2.leases" -pf "$WORK/isc2.pid.file" eth1
  if wait_until 180 isc_normal; then
    wait_quiet 60 "$WORK/isc2.log"   # pool balancing: the primary sends half the pool to the secondary
    wait_dhcp 198.18.0.2
    warmup
    isc=$(sweep isc-failover 198.18.0.2 250 500 $RATES)   # dhcpd -d logs every packet: start lower
    report "isc-failover pair" "$isc" "dhcpd failover, split 256, ping-check off"
    isc_part="isc-failover $(rate_of "$isc")/s (ratio $(ratio "$pair_rate" "$(rate_of "$isc")")x)"
  else
    echo "ISC dhcpd pair did not reach normal" >&2
    tail -n 5 "$WORK/isc1.log" "$WORK/isc2.log" >&2 || true
    isc_part="isc-failover not ready"
  fi
  stop isc1; stop isc2
fi

for line in "${SUMMARY[@]}"; do echo "$line"; done
echo "RESULT pair dhcp-node ${pair_rate}/s; standalone ${alone_rate}/s (HA cost ${ha_cost} %); ${kea_part}; ${isc_part}; failover ${fo_time} s"
