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
