#!/usr/bin/env bash
# Benchmark: the dhcp-node HotStandby pair against our standalone node, a Kea hot-standby HA pair,
# a single Kea and an ISC dhcpd failover pair, each in the three topologies a pair meets:
#   broadcast  perfdhcp broadcasts on the shared segment, so both servers of a pair hear every
#              request (clients on a segment both servers are attached to);
#   relay      perfdhcp sends to an ISC dhcrelay (198.18.0.30) that forwards every request to both
#              servers (a relay configured with both servers as helpers); perfdhcp's giaddr is kept,
#              so replies go straight back to it;
#   unicast    perfdhcp sends to the primary alone (the secondary hears no client: a reference).
# Each system starts afresh (empty lease store) for each topology; perfdhcp's 4-way exchanges
# (new clients), increasing rate: the highest rate with <= 1 % drops, then the REQUEST-ACK
# latency at 50 % and 90 % of that rate, and the CPU time of the server processes (both of a pair)
# per exchange at 90 %, which still compares systems that perfdhcp could not saturate.
# Then the failover time of the dhcp-node pair: kill -9 the primary, time until the secondary
# ACKs a new client.
# CPUs: both servers of every pair, and every single server, on CPU 0; perfdhcp and dhcrelay on
# CPU 1. Needs root, iproute2, curl, perfdhcp (kea-admin), dhcrelay (isc-dhcp-relay); Kea and ISC
# dhcpd are measured when installed.
# Last lines: one RESULT line per topology with the figures and the ratios.
# Usage: sudo bench/pair.sh   (BENCH_SECONDS=5 per step, BENCH_RATES, BENCH_TOPOLOGIES="broadcast
#        relay unicast", BENCH_SYSTEMS="pair standalone kea-ha kea isc", BENCH_WARMUP_SECONDS=8,
#        BENCH_JFR=DIR: a flight recording of each dhcp-node process into DIR, with
#        BENCH_JFR_SETTINGS=default or profile; BENCH_NODE_JAVA_OPTS: more JVM options for the nodes)
set -euo pipefail
BENCH_PREFIX=bp$$
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/kea.sh"
source "$(dirname "$0")/isc.sh"
RATES=${BENCH_RATES:-"1000 2000 3000 4000 5000 6000 7000 8000 9000 10000 11000 12000 14000 16000"}
TOPOLOGIES=${BENCH_TOPOLOGIES:-"broadcast relay unicast"}
SYSTEMS=${BENCH_SYSTEMS:-"pair standalone kea-ha kea isc"}
# 50000 clients: a whole sweep fits in the /16 pool, so no system runs out of addresses
export BENCH_CLIENTS=${BENCH_CLIENTS:-50000}
for tool in perfdhcp dhcrelay curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool (bash scripts/install-test-deps.sh)" >&2; exit 1; }
done
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -o -pl build-tools,api,dhcp-node -DskipTests package)
topology
relay_host

# the pair file: both nodes listen on eth1 (broadcasts) and their address; the flood limits out
# of the way (perfdhcp is one relay sending every request and never retransmits: no new-client
# reserve)
cat >"$WORK/pair.yaml" <<YAML
apiVersion: dhcpfailover.io/v1alpha1
kind: DhcpFailoverPair
metadata: {name: bench}
spec:
  mode: HotStandby
  mclt: 1h
  maxResponseDelay: 5s
  primary: {address: 198.18.0.2, interfaces: [eth1]}
  secondary: {address: 198.18.0.3, interfaces: [eth1]}
  limits: {packetsPerRelayPerSecond: 1000000, offersPerClientPerSecond: 1000, newClientReservePercent: 0}
  subnets:
    - subnet: 198.18.0.0/16
      ranges: ["198.18.1.0-198.18.255.250"]
      leaseTime: 1h
YAML
java -jar "$JAR" tls init --pair "$WORK/pair.yaml" --out "$WORK/tls" >/dev/null
declare -A RES
FAILOVER="not measured"

node_java() {
  local name=$1; shift
  local jfr=()
  [ -n "${BENCH_JFR:-}" ] && jfr=("-XX:StartFlightRecording=filename=$BENCH_JFR/$name.jfr,settings=${BENCH_JFR_SETTINGS:-default}")
  # shellcheck disable=SC2086 # BENCH_NODE_JAVA_OPTS is a list of options
  echo java -Xms512m -Xmx1g ${BENCH_NODE_JAVA_OPTS:-} "${jfr[@]}" -jar "$JAR" serve --pair "$WORK/pair.yaml" "$@"
}
[ -n "${BENCH_JFR:-}" ] && mkdir -p "$BENCH_JFR"

# measure SYSTEM TOPOLOGY: sweeps the running system (SERVER_PIDS set) in TOPOLOGY
# (the relay runs only then: on the segment it would also forward the broadcasts of the others)
measure() {
  RELAY_PID=""
  if [ "$2" = relay ]; then start_relay "$LOAD_CPU"; RELAY_PID=$(cat "$WORK/relay.pid"); sleep 1; fi
  # warm-up, then let queues drain: 8 s at 1000/s, so the JIT compilers of a JVM have compiled
  # most of the hot paths before the figures are taken (they still work during the sweep)
  local start_rates=$RATES
  if [ "$1" = isc ]; then
    perf_to "$2" 250 4 >/dev/null
    start_rates="250 500 $RATES"   # dhcpd -d logs every packet: start lower
  else
    perf_to "$2" 1000 "${BENCH_WARMUP_SECONDS:-8}" >/dev/null
  fi
  sleep 2
  local r
  r=$(sweep_to "$1-$2" "$2" $start_rates)
  RES[$1,$2]=$(cut -d' ' -f2- <<<"$r")
  if [ -n "$RELAY_PID" ]; then stop relay; RELAY_PID=""; fi
}

pair_up() {
  local tag=$1
  eval "start node-p-$tag srv $SERVER_CPU $(node_java "pair-p-$tag" --role primary --data-dir "$WORK/node-p-$tag" --tls-dir "$WORK/tls/primary" --http-port 8067)"
  eval "start node-s-$tag srv2 $SERVER_CPU $(node_java "pair-s-$tag" --role secondary --data-dir "$WORK/node-s-$tag" --tls-dir "$WORK/tls/secondary" --http-port 8067)"
  both_normal() { [ "$(node_state srv 198.18.0.2)" = NORMAL ] && [ "$(node_state srv2 198.18.0.3)" = NORMAL ]; }
  if ! wait_until 120 both_normal; then
    echo "dhcp-node pair did not reach NORMAL: primary=$(node_state srv 198.18.0.2) secondary=$(node_state srv2 198.18.0.3)" >&2
    tail -n 20 "$WORK/node-p-$tag.log" "$WORK/node-s-$tag.log" >&2
    exit 1
  fi
  wait_dhcp 198.18.0.2
  sleep 3   # pool balancing (the primary's BACKUP share to the secondary) done
  SERVER_PIDS="$(cat "$WORK/node-p-$tag.pid") $(cat "$WORK/node-s-$tag.pid")"
}

# pair_fsyncs TOPOLOGY: fsyncs of both journals per DHCPACK over the whole run in TOPOLOGY, and the
# mean fsync time of each node (from /metrics)
metric_sum() { ip netns exec "$P-$1" curl -s -m 2 "http://$2:8067/metrics" | awk -v n="$3" -v f="${4:-}" 'index($1, n) == 1 && index($1, f) { s += $2 } END { printf "%.0f", s }'; }
metric_mean_ms() { ip netns exec "$P-$1" curl -s -m 2 "http://$2:8067/metrics" | awk 'index($1, "dhcp_journal_fsync_seconds_count") == 1 { c = $2 } index($1, "dhcp_journal_fsync_seconds_sum") == 1 { s = $2 } END { printf "%.2f", (c > 0) ? 1000 * s / c : 0 }'; }
pair_fsyncs() {
  local acks fp fs
  acks=$(metric_sum srv 198.18.0.2 'dhcp_packets_out_total{' 'type="ack"')
  fp=$(metric_sum srv 198.18.0.2 dhcp_journal_fsync_seconds_count)
  fs=$(metric_sum srv2 198.18.0.3 dhcp_journal_fsync_seconds_count)
  FSYNCS[$1]=$(awk -v a="$acks" -v p="$fp" -v s="$fs" -v mp="$(metric_mean_ms srv 198.18.0.2)" -v ms="$(metric_mean_ms srv2 198.18.0.3)" \
    'BEGIN { if (a > 0) printf "%.2f fsyncs per DHCPACK across the pair (primary %.2f, secondary %.2f; mean fsync %s ms / %s ms; %d ACKs)", (p+s)/a, p/a, s/a, mp, ms, a; else print "n/a" }')
  # in the primary, from receipt to the reply handed to the socket (a DHCPACK waits for its fsync)
  local dc ds rc rs
  dc=$(metric_sum srv 198.18.0.2 'dhcp_request_duration_seconds_count{' 'type="discover"')
  ds=$(ip netns exec "$P-srv" curl -s -m 2 http://198.18.0.2:8067/metrics | awk 'index($1, "dhcp_request_duration_seconds_sum{") == 1 && index($1, "type=\"discover\"") { s += $2 } END { print s + 0 }')
  rc=$(metric_sum srv 198.18.0.2 'dhcp_request_duration_seconds_count{' 'type="request"')
  rs=$(ip netns exec "$P-srv" curl -s -m 2 http://198.18.0.2:8067/metrics | awk 'index($1, "dhcp_request_duration_seconds_sum{") == 1 && index($1, "type=\"request\"") { s += $2 } END { print s + 0 }')
  FSYNCS[$1]="${FSYNCS[$1]}; in the primary DISCOVER to OFFER $(awk -v c="$dc" -v s="$ds" 'BEGIN { printf "%.3f", (c > 0) ? 1000 * s / c : 0 }') ms, REQUEST to DHCPACK $(awk -v c="$rc" -v s="$rs" 'BEGIN { printf "%.3f", (c > 0) ? 1000 * s / c : 0 }') ms (means over the run)"
  echo "  pair-$1 ${FSYNCS[$1]}" >&2
}
declare -A FSYNCS

# failover time: kill -9 the primary, time the secondary's first DHCPACK to a new client
failover_time() {
  local tag=$1 pid t0 fo_ci="n/a" fo_time="n/a" n=0
  pid=$(cat "$WORK/node-p-$tag.pid")
  t0=$(date +%s.%N)
  { kill -KILL "$pid"; wait "$pid"; } 2>/dev/null || true
  secondary_interrupted() { [ "$(node_state srv2 198.18.0.3)" = COMMUNICATIONS-INTERRUPTED ]; }
  if wait_until 120 secondary_interrupted; then
    fo_ci=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}')
  fi
  local probe_cp="$ROOT/dhcp-node/target/test-classes:$JAR"
  while [ $n -lt 10 ] && [ "$fo_time" = n/a ]; do
    n=$((n + 1))
    : >"$WORK/fo.acks"
    ip netns exec "$P-perf" timeout 30 java -cp "$probe_cp" io.dhcpfailover.node.it.LeaseProbe \
      198.18.0.3 198.18.0.20 1 "$WORK/fo.acks" "f$n" 10 >/dev/null 2>&1 || true
    if [ -s "$WORK/fo.acks" ]; then
      fo_time=$(awk -v t0="$t0" '{printf "%.2f", $3/1000 - t0; exit}' "$WORK/fo.acks")
    fi
  done
  FAILOVER="secondary COMMUNICATIONS-INTERRUPTED after ${fo_ci} s, first DHCPACK to a new client after ${fo_time} s"
}

for sys in $SYSTEMS; do
  for topo in $TOPOLOGIES; do
    tag=$topo
    # Kea hears broadcasts from the segment only on raw sockets
    if [ "$topo" = broadcast ]; then export KEA_SOCKET_TYPE=raw; else export KEA_SOCKET_TYPE=udp; fi
    case "$sys" in
      pair)
        echo "== dhcp-node HotStandby pair, $topo" >&2
        pair_up "$tag"
        measure pair "$topo"
        pair_fsyncs "$topo"
        if [ "$topo" = unicast ]; then failover_time "$tag"; fi
        stop "node-p-$tag"; stop "node-s-$tag"
        ;;
      standalone)
        echo "== dhcp-node standalone, $topo" >&2
        eval "start node-$tag srv $SERVER_CPU $(node_java "standalone-$tag" --role standalone --data-dir "$WORK/node-$tag" --http-port 8067)"
        wait_dhcp 198.18.0.2
        SERVER_PIDS=$(cat "$WORK/node-$tag.pid")
        measure standalone "$topo"
        stop "node-$tag"
        ;;
      kea-ha)
        command -v kea-dhcp4 >/dev/null && [ -f "$KEA_HOOKS/libdhcp_ha.so" ] || continue
        echo "== Kea $(kea-dhcp4 -v) hot-standby HA pair, $topo" >&2
        mkdir -p "$WORK/kea1-$tag" "$WORK/kea2-$tag"
        kea_ha_config "$WORK/kea1-$tag" server1 198.18.0.2
        kea_ha_config "$WORK/kea2-$tag" server2 198.18.0.3
        export KEA_PIDFILE_DIR="$WORK/kea1-$tag" KEA_LOCKFILE_DIR="$WORK/kea1-$tag"
        start "kea1-$tag" srv "$SERVER_CPU" kea-dhcp4 -c "$WORK/kea1-$tag/kea-dhcp4.conf"
        export KEA_PIDFILE_DIR="$WORK/kea2-$tag" KEA_LOCKFILE_DIR="$WORK/kea2-$tag"
        start "kea2-$tag" srv2 "$SERVER_CPU" kea-dhcp4 -c "$WORK/kea2-$tag/kea-dhcp4.conf"
        kea_ready() {
          [ "$(kea_ha_state srv 198.18.0.2)" = hot-standby ] && [ "$(kea_ha_state srv2 198.18.0.3)" = hot-standby ]
        }
        if wait_until 120 kea_ready; then
          wait_dhcp 198.18.0.2
          SERVER_PIDS="$(cat "$WORK/kea1-$tag.pid") $(cat "$WORK/kea2-$tag.pid")"
          measure kea-ha "$topo"
        else
          echo "Kea HA pair did not reach hot-standby" >&2
        fi
        stop "kea1-$tag"; stop "kea2-$tag"
        ;;
      kea)
        command -v kea-dhcp4 >/dev/null || continue
        echo "== Kea single server, $topo" >&2
        mkdir -p "$WORK/kea-$tag"; kea_config "$WORK/kea-$tag"
        export KEA_PIDFILE_DIR="$WORK/kea-$tag" KEA_LOCKFILE_DIR="$WORK/kea-$tag"
        start "kea-$tag" srv "$SERVER_CPU" kea-dhcp4 -c "$WORK/kea-$tag/kea-dhcp4.conf"
        wait_dhcp 198.18.0.2
        SERVER_PIDS=$(cat "$WORK/kea-$tag.pid")
        measure kea "$topo"
        stop "kea-$tag"
        ;;
      isc)
        command -v dhcpd >/dev/null || continue
        echo "== ISC dhcpd failover pair (split 256), $topo" >&2
        isc_config "$WORK/isc1-$tag.conf" primary 198.18.0.2 198.18.0.3
        isc_config "$WORK/isc2-$tag.conf" secondary 198.18.0.3 198.18.0.2
        start isc1 srv "$SERVER_CPU" dhcpd -4 -f -d -cf "$WORK/isc1-$tag.conf" -lf "$WORK/isc1-$tag.leases" -pf "$WORK/isc1-$tag.pid.file" eth1
        start isc2 srv2 "$SERVER_CPU" dhcpd -4 -f -d -cf "$WORK/isc2-$tag.conf" -lf "$WORK/isc2-$tag.leases" -pf "$WORK/isc2-$tag.pid.file" eth1
        if wait_until 180 isc_normal; then
          wait_quiet 60 "$WORK/isc2.log"   # pool balancing: the primary sends half the pool to the secondary
          wait_dhcp 198.18.0.2
          SERVER_PIDS="$(cat "$WORK/isc1.pid") $(cat "$WORK/isc2.pid")"
          measure isc "$topo"
        else
          echo "ISC dhcpd pair did not reach normal" >&2
        fi
        stop isc1; stop isc2
        ;;
    esac
  done
done

# the figures: one line per system and topology, then one RESULT line per topology
fig() { local v=${RES[$1,$2]:-}; [ -n "$v" ] && awk -v f="$3" '{print $f}' <<<"$v" || echo n/a; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a != "n/a" && b != "n/a" && b > 0) printf "%.2f", a/b; else print "n/a" }'; }
echo "dhcp-node failover (unicast run): $FAILOVER"
for topo in $TOPOLOGIES; do
  for sys in $SYSTEMS; do
    [ -n "${RES[$sys,$topo]:-}" ] || continue
    read -r rate lat us limit l50 l90 us2 <<<"${RES[$sys,$topo]}"
    second=""; [ "${us2:-0}" != 0 ] && second=" (${us2} us of it the secondary's)"
    echo "$topo $sys: ${rate}/s (limited by $limit); REQUEST-ACK ${l50} ms at 50 %, ${l90} ms at 90 %; server CPU ${us} us per exchange${second}"
  done
  if [ -n "${FSYNCS[$topo]:-}" ]; then echo "$topo pair: ${FSYNCS[$topo]}"; fi
done
for topo in $TOPOLOGIES; do
  p=$(fig pair "$topo" 1); s=$(fig standalone "$topo" 1)
  echo "RESULT $topo: pair $p/s ($(fig pair "$topo" 4)), standalone $s/s, kea-ha $(fig kea-ha "$topo" 1)/s, kea $(fig kea "$topo" 1)/s, isc-failover $(fig isc "$topo" 1)/s;" \
    "pair/kea-ha $(ratio "$p" "$(fig kea-ha "$topo" 1)")x, pair/kea $(ratio "$p" "$(fig kea "$topo" 1)")x, pair/isc $(ratio "$p" "$(fig isc "$topo" 1)")x;" \
    "CPU per exchange pair $(fig pair "$topo" 3) us, standalone $(fig standalone "$topo" 3) us (HA cost $(awk -v a="$(fig pair "$topo" 3)" -v b="$(fig standalone "$topo" 3)" 'BEGIN{ if (b > 0) printf "%+.0f %%", 100*(a-b)/b; else print "n/a" }'));" \
    "REQUEST-ACK at 50 % pair $(fig pair "$topo" 5) ms, standalone $(fig standalone "$topo" 5) ms ($(ratio "$(fig pair "$topo" 5)" "$(fig standalone "$topo" 5)")x)"
done
