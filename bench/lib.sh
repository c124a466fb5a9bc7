#!/usr/bin/env bash
# Shared pieces of the benchmarks: namespaces on 198.18.0.0/16, servers pinned to CPU 0 and
# perfdhcp to CPU 1, everything torn down on exit. Source it; set BENCH_PREFIX first.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="$ROOT/dhcp-node/target/dhcp-node.jar"
P=${BENCH_PREFIX:-bn$$}
WORK=$(mktemp -d "/tmp/${P}.XXXX")
PIDS=()
NAMESPACES=()
NCPU=$(nproc)
SERVER_CPU=0
LOAD_CPU=$(( NCPU > 1 ? 1 : 0 ))

cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  done
  sleep 1
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
  done
  # what the script's clients forked inside its own namespaces (a dhclient that went to the
  # background after its lease) ends with them
  for ns in "${NAMESPACES[@]:-}"; do
    [ -n "$ns" ] && for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  done
  for ns in "${NAMESPACES[@]:-}"; do
    [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null || true
  done
  if [ -n "${BENCH_KEEP:-}" ]; then echo "logs kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT INT TERM

ns_add() { ip netns add "$P-$1"; NAMESPACES+=("$P-$1"); ip -n "$P-$1" link set lo up; }

# link HOST IFNAME CIDR: veth from HOST into the lan bridge
link() {
  local peer="v$RANDOM$RANDOM"; peer=${peer:0:12}
  ip link add "$2" netns "$P-$1" type veth peer name "$peer" netns "$P-lan"
  ip -n "$P-lan" link set "$peer" master br0 up
  [ -n "${3:-}" ] && ip -n "$P-$1" addr add "$3" dev "$2"
  ip -n "$P-$1" link set "$2" up
}

# topology: lan bridge, server host srv (198.18.0.2, and .3 for a second server), load host perf (198.18.0.20)
topology() {
  ns_add lan; ip -n "$P-lan" link add br0 type bridge; ip -n "$P-lan" link set br0 up
  ns_add srv; link srv eth1 198.18.0.2/16
  ns_add srv2; link srv2 eth1 198.18.0.3/16
  ns_add perf; link perf eth0 198.18.0.20/16
}

# start NAME HOST CPU CMD...: runs CMD in HOST's namespace pinned to CPU, logs to $WORK/NAME.log
start() {
  local name=$1 host=$2 cpu=$3; shift 3
  ip netns exec "$P-$host" taskset -c "$cpu" "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  echo $! >"$WORK/$name.pid"
}

stop() {
  local pid; pid=$(cat "$WORK/$1.pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

# wait_udp HOST: until something answers perfdhcp on 198.18.0.2 (bounded)
wait_dhcp() {
  local target=${1:-198.18.0.2}
  for _ in $(seq 1 60); do
    local out
    out=$(ip netns exec "$P-perf" perfdhcp -4 -l eth0 -r 1 -n 1 -R 1 -W 500000 -d 1 "$target" 2>/dev/null || true)
    if grep -q "received packets: 1" <<<"$out"; then
      return 0
    fi
    sleep 0.5
  done
  echo "server at $target did not answer" >&2; return 1
}

# cpu_ticks CPU: "busy total" jiffies of one CPU from /proc/stat
cpu_ticks() {
  awk -v c="cpu$1" '$1 == c { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat
}

# busy_pct "BUSY0 TOTAL0" "BUSY1 TOTAL1": percent of the interval the CPU was busy
busy_pct() {
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ");
    t = y[2] - x[2]; printf "%.0f", (t > 0) ? 100 * (y[1] - x[1]) / t : 0 }'
}

# perf RATE SECONDS TARGET: one perfdhcp run; prints "achieved drops% avg_ms server_cpu% load_cpu%"
# (4-way exchanges; how busy the server's and perfdhcp's cores were during the run);
# BENCH_CLIENTS distinct client MACs (default 1000000)
perf() {
  local rate=$1 secs=$2 target=${3:-198.18.0.2} out s0 l0 s1 l1 cpus
  s0=$(cpu_ticks "$SERVER_CPU"); l0=$(cpu_ticks "$LOAD_CPU")
  out=$(ip netns exec "$P-perf" taskset -c "$LOAD_CPU" perfdhcp -4 -l eth0 -r "$rate" -p "$secs" -R "${BENCH_CLIENTS:-1000000}" -d 2 -W 1000000 "$target" 2>&1 || true)
  s1=$(cpu_ticks "$SERVER_CPU"); l1=$(cpu_ticks "$LOAD_CPU")
  echo "$out" >"$WORK/perf-$rate.log"
  cpus="$(busy_pct "$s0" "$s1") $(busy_pct "$l0" "$l1")"
  awk -v rate="$rate" -v secs="$secs" -v cpus="$cpus" '
    /^Rate:/ { achieved=$2 }
    /Statistics for: DISCOVER-OFFER/ { sect=1 }
    /Statistics for: REQUEST-ACK/ { sect=2 }
    /^sent packets:/ { sent[sect]=$3 }
    /^received packets:/ { recv[sect]=$3 }
    /^avg delay:/ { avg[sect]=$3 }
    END {
      s=sent[1]+sent[2]; r=recv[1]+recv[2];
      d = (s>0) ? 100.0*(s-r)/s : 100;
      lat = avg[1]+avg[2];
      # completed 4-way exchanges per second of the test period (the Rate line of perfdhcp also
      # counts the exit wait)
      printf "%.0f %.2f %.3f %s\n", recv[2]/secs, d, lat, cpus
    }' <<<"$out"
}

# sweep LABEL TARGET RATES...: highest rate with <= 1 % drops; prints "LABEL rate latency_ms
# limited_by server_cpu%" (server_cpu%: how busy the server's core was at that rate). The limit is
# perfdhcp when, at the step that failed, perfdhcp's core was busy (>= 90 %) and the server's was
# not, or when perfdhcp could not even send at the asked rate.
sweep() {
  local label=$1 target=$2; shift 2
  local best=0 bestlat=0 bestcpu=0 limit="server" line achieved drops lat scpu lcpu
  for rate in "$@"; do
    line=$(perf "$rate" "${BENCH_SECONDS:-8}" "$target")
    read -r achieved drops lat scpu lcpu <<<"$line"
    echo "  $label rate=$rate achieved=$achieved drops=${drops}% avg_4way_ms=$lat server_cpu=${scpu}% perfdhcp_cpu=${lcpu}%" >&2
    if awk -v d="$drops" 'BEGIN{exit !(d<=1.0)}'; then
      best=$achieved; bestlat=$lat; bestcpu=$scpu
      if awk -v a="$achieved" -v r="$rate" 'BEGIN{exit !(a < 0.9*r)}'; then limit="perfdhcp"; break; fi
    else
      if [ "$lcpu" -ge 90 ] && [ "$scpu" -lt 90 ]; then limit="perfdhcp"; else limit="server"; fi
      break
    fi
    limit="server"
  done
  echo "$label $best $bestlat $limit $bestcpu"
}

# pair_file PATH [MAX_RESPONSE_DELAY]: a HotStandby pair manifest for 198.18.0.2 (primary) and
# 198.18.0.3 (secondary), one /16 subnet with a big range, mclt and lease time 1h
pair_file() {
  cat >"$1" <<YAML
apiVersion: dhcpfailover.io/v1alpha1
kind: DhcpFailoverPair
metadata: {name: bench}
spec:
  mode: HotStandby
  mclt: 1h
  maxResponseDelay: ${2:-5s}
  primary: {address: 198.18.0.2, interfaces: []}
  secondary: {address: 198.18.0.3, interfaces: []}
  subnets:
    - subnet: 198.18.0.0/16
      ranges: ["198.18.1.0-198.18.255.250"]
      leaseTime: 1h
YAML
}

# node_state HOST ADDRESS: the failover state a dhcp-node reports on /status (empty if none)
node_state() {
  ip netns exec "$P-$1" curl -s -m 1 "http://$2:8067/status" 2>/dev/null \
    | tr -d ' \n' | sed -n 's/.*"state":"\([A-Z_-]*\)".*/\1/p' | head -n 1
}

# wait_until SECONDS CMD...: polls CMD every 0.2 s until it succeeds (bounded)
wait_until() {
  local limit=$1; shift
  local end=$(( $(date +%s) + limit ))
  while [ "$(date +%s)" -lt "$end" ]; do
    "$@" && return 0
    sleep 0.2
  done
  return 1
}

# exchange TARGET MAC: one 4-way exchange for a client with MAC (drop time 2 s); on an ACK prints
# the 4-way delay in seconds (DISCOVER-OFFER plus REQUEST-ACK) and succeeds
exchange() {
  ip netns exec "$P-perf" taskset -c "$LOAD_CPU" perfdhcp -4 -l eth0 -r 1 -n 1 -R 1 -b "mac=$2" \
      -d 2 -W 2000000 "$1" 2>/dev/null \
    | awk '/Statistics for: DISCOVER-OFFER/ {s=1} /Statistics for: REQUEST-ACK/ {s=2}
           /^received packets:/ {r[s]=$3} /^avg delay:/ {d[s]=$3}
           END { if (r[2]>=1) { printf "%.3f\n", (d[1]+d[2])/1000; exit 0 } exit 1 }'
}

# wait_quiet SECONDS FILE: until FILE stopped growing for 3 s (bounded)
wait_quiet() {
  local limit=$1 file=$2 last=-1 size quiet=0
  for _ in $(seq 1 "$limit"); do
    size=$(stat -c %s "$file" 2>/dev/null || echo 0)
    if [ "$size" = "$last" ]; then quiet=$((quiet + 1)); [ $quiet -ge 3 ] && return 0; else quiet=0; fi
    last=$size; sleep 1
  done
  return 0
}

# ---- topologies of a pair: (a) broadcast on the shared segment, (b) a relay forwarding to both
# servers, (c) unicast to the primary ----

# relay_host: a relay agent between a client segment of its own (198.18.250.0/24: the relay at
# .1, the load host cli at .20) and the lan (198.18.0.30); the servers route that /24 through it.
# perfdhcp always sets giaddr to its own address, so the relay keeps it (ISC dhcrelay leaves a set
# giaddr alone); the servers' subnet 198.18.0.0/16 covers it and replies go back to it, routed by
# the relay's kernel.
relay_host() {
  ns_add relay; link relay eth0 198.18.0.30/16
  ns_add cli
  ip link add eth1 netns "$P-relay" type veth peer name eth0 netns "$P-cli"
  ip -n "$P-relay" addr add 198.18.250.1/24 dev eth1; ip -n "$P-relay" link set eth1 up
  ip -n "$P-cli" addr add 198.18.250.20/24 dev eth0; ip -n "$P-cli" link set eth0 up
  ip -n "$P-cli" route add default via 198.18.250.1
  ip netns exec "$P-relay" sysctl -qw net.ipv4.ip_forward=1
  local h
  for h in srv srv2; do ip -n "$P-$h" route add 198.18.250.0/24 via 198.18.0.30; done
}

# start_relay CPU: ISC dhcrelay forwarding every request from the client segment (eth1) to both
# servers (198.18.0.2 and .3) over the lan (eth0); logs to $WORK/relay.log, PID in $WORK/relay.pid
start_relay() {
  start relay relay "$1" dhcrelay -4 -d -q --no-pid -id eth1 -iu eth0 198.18.0.2 198.18.0.3
}

# proc_ticks PID...: user+system clock ticks the processes used so far (their threads included)
proc_ticks() {
  local t=0 pid v
  for pid in "$@"; do
    v=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
    t=$((t + v))
  done
  echo "$t"
}

# perf_to TOPOLOGY RATE SECONDS: one perfdhcp run in a topology (broadcast: to 255.255.255.255 on
# the segment; relay: to the relay at 198.18.0.30; unicast: to the primary at 198.18.0.2). Reads
# SERVER_PIDS (the server processes, both of a pair, primary first) and RELAY_PID (may be empty).
# Prints "achieved drops% req_ack_ms 4way_ms server_core% load_core% us_per_exchange relay_cpu%
# second_us_per_exchange" (the last: the second server process alone, 0 for a single server).
perf_to() {
  local topo=$1 rate=$2 secs=$3 target out s0 l0 s1 l1 p0 p1 r0 r1 q0 q1 cpus second
  local host=perf
  case "$topo" in
    broadcast) target=() ;;
    relay) target=(198.18.250.1); host=cli ;;
    unicast) target=(198.18.0.2) ;;
  esac
  s0=$(cpu_ticks "$SERVER_CPU"); l0=$(cpu_ticks "$LOAD_CPU")
  second=$(awk '{print $2}' <<<"$SERVER_PIDS")
  p0=$(proc_ticks $SERVER_PIDS); r0=$(proc_ticks ${RELAY_PID:-}); q0=$(proc_ticks $second)
  out=$(ip netns exec "$P-$host" taskset -c "$LOAD_CPU" perfdhcp -4 -l eth0 -r "$rate" -p "$secs" \
      -R "${BENCH_CLIENTS:-1000000}" -d 2 -W 1000000 "${target[@]}" 2>&1 || true)
  s1=$(cpu_ticks "$SERVER_CPU"); l1=$(cpu_ticks "$LOAD_CPU")
  p1=$(proc_ticks $SERVER_PIDS); r1=$(proc_ticks ${RELAY_PID:-}); q1=$(proc_ticks $second)
  echo "$out" >"$WORK/perf-$topo-$rate.log"
  cpus="$(busy_pct "$s0" "$s1") $(busy_pct "$l0" "$l1") $((p1 - p0)) $((r1 - r0)) $((q1 - q0))"
  awk -v secs="$secs" -v cpus="$cpus" -v hz="$(getconf CLK_TCK)" '
    /Statistics for: DISCOVER-OFFER/ { sect=1 }
    /Statistics for: REQUEST-ACK/ { sect=2 }
    /^sent packets:/ { sent[sect]=$3 }
    /^received packets:/ { recv[sect]=$3 }
    /^avg delay:/ { avg[sect]=$3 }
    END {
      split(cpus, c, " ");
      s=sent[1]+sent[2]; r=recv[1]+recv[2];
      d = (s>0) ? 100.0*(s-r)/s : 100;
      us = (recv[2]>0) ? c[3] * 1000000 / hz / recv[2] : 0;
      relay = 100.0 * c[4] / hz / secs;
      us2 = (recv[2]>0) ? c[5] * 1000000 / hz / recv[2] : 0;
      printf "%.0f %.2f %.3f %.3f %s %s %.0f %.0f %.0f\n", recv[2]/secs, d, avg[2], avg[1]+avg[2], c[1], c[2], us, relay, us2
    }' <<<"$out"
}

# sweep_to LABEL TOPOLOGY RATES...: the highest rate with <= 1 % drops (a failed step is run a
# second time before it counts), then REQUEST-ACK latency at
# 50 % and 90 % of it, and the servers' CPU time per exchange at 90 % (JIT warm, not saturated,
# so it still compares systems that perfdhcp could not saturate). Prints "LABEL rate req_ack_ms
# us_per_exchange limited_by lat50_ms lat90_ms second_us".
# The limit is the load side (perfdhcp, and the relay on its core) when at the step that failed its
# core was busy (>= 90 %) and the servers' core was not, or when perfdhcp could not even send at
# the asked rate; the relay when dhcrelay alone used >= 90 % of a core.
sweep_to() {
  local label=$1 topo=$2; shift 2
  local best=0 bestlat=0 bestus=0 limit="server" line achieved drops lat four scpu lcpu us rcpu us2
  local secs=${BENCH_SECONDS:-5}
  for rate in "$@"; do
    local try
    for try in 1 2; do
      line=$(perf_to "$topo" "$rate" "$secs")
      read -r achieved drops lat four scpu lcpu us rcpu us2 <<<"$line"
      echo "  $label rate=$rate achieved=$achieved drops=${drops}% req_ack_ms=$lat 4way_ms=$four server_core=${scpu}% load_core=${lcpu}% server_us_per_exchange=$us relay_cpu=${rcpu}%" >&2
      # a step that fails is run once more: the cores are shared with other work
      if awk -v d="$drops" 'BEGIN{exit !(d<=1.0)}'; then break; fi
      sleep 2
    done
    if awk -v d="$drops" 'BEGIN{exit !(d<=1.0)}'; then
      best=$achieved; bestlat=$lat; bestus=$us
      if awk -v a="$achieved" -v r="$rate" 'BEGIN{exit !(a < 0.9*r)}'; then limit="perfdhcp"; break; fi
    else
      if [ "$rcpu" -ge 90 ]; then limit="dhcrelay"
      elif [ "$lcpu" -ge 90 ] && [ "$scpu" -lt 90 ]; then limit="perfdhcp"
      else limit="server"; fi
      break
    fi
    limit="the-sweep-end"
  done
  local l50=n/a l90=n/a
  if [ "$best" -gt 0 ]; then
    sleep 1
    l50=$(perf_to "$topo" $((best / 2)) "$secs" | awk '{print $3}')
    sleep 1
    line=$(perf_to "$topo" $((best * 9 / 10)) "$secs")
    read -r achieved drops l90 four scpu lcpu bestus rcpu us2 <<<"$line"
    echo "  $label at $((best / 2))/s REQUEST-ACK ${l50} ms; at $((best * 9 / 10))/s REQUEST-ACK ${l90} ms, drops ${drops}%, server CPU ${bestus} us per exchange (second process ${us2} us)" >&2
  fi
  echo "$label $best $bestlat $bestus $limit $l50 $l90 ${us2:-0}"
}
