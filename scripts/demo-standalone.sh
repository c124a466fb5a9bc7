#!/usr/bin/env bash
# The walk-through without Kubernetes, safe on any machine: builds the node, brings up its own
# network namespaces, runs a hot-standby failover pair from examples/hot-standby.yaml (with its failure-detection timer cut
# to 5 s so the demo is short), shows both nodes reach NORMAL and a real ISC dhclient get a lease,
# kills the primary with SIGKILL, and shows the secondary take over and serve a new client. Then it
# tears everything down. It never serves DHCP on the host's own interfaces. Needs root.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/dhcp-node/target/dhcp-node.jar"
P="demo$$"
WORK=$(mktemp -d "/tmp/$P.XXXX")
PIDS=()

cleanup() {
  for f in "$WORK"/*.dhclient.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true; done
  for ns in cli1 cli2 p s lan; do ip netns del "$P-$ns" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

for tool in ip dhclient curl java; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see README: scripts/install-test-deps.sh)" >&2; exit 1; }
done
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -DskipTests package)
sed -e 's/maxResponseDelay: 60s/maxResponseDelay: 5s/' "$ROOT/examples/hot-standby.yaml" >"$WORK/pair.yaml"

echo "== namespaces: $P-lan (bridge), $P-p (primary 198.18.0.2), $P-s (secondary 198.18.0.3), $P-cli1, $P-cli2"
for ns in lan p s cli1 cli2; do ip netns add "$P-$ns"; ip -n "$P-$ns" link set lo up; done
ip -n "$P-lan" link add br0 type bridge && ip -n "$P-lan" link set br0 up
attach() { # HOST IFNAME [CIDR]
  ip link add "$2" netns "$P-$1" type veth peer name "port-$1" netns "$P-lan"
  ip -n "$P-lan" link set "port-$1" master br0 up
  [ -n "${3:-}" ] && ip -n "$P-$1" addr add "$3" dev "$2"
  ip -n "$P-$1" link set "$2" up
}
attach p eth1 198.18.0.2/22; attach s eth1 198.18.0.3/22; attach cli1 eth0; attach cli2 eth0

echo "== dhcp-node tls init: the pair's certificate authority and one certificate per node"
java -jar "$JAR" tls init --pair "$WORK/pair.yaml" --out "$WORK/tls" >/dev/null
node() { # ROLE HOST
  ip netns exec "$P-$2" java -jar "$JAR" serve --pair "$WORK/pair.yaml" --role "$1" \
    --data-dir "$WORK/$1-data" --tls-dir "$WORK/tls/$1" --http-port 8067 >"$WORK/$1.log" 2>&1 &
  PIDS+=($!); echo $! >"$WORK/$1.pid"
}
status() { ip netns exec "$P-$1" curl -s --max-time 2 "http://$2:8067/status" || true; }
state() { status "$1" "$2" | sed -n 's/.*"state" : "\([A-Z-]*\)".*/\1/p'; }
await_state() { # HOST ADDR STATE SECONDS
  for _ in $(seq 1 $(( $4 * 5 ))); do [ "$(state "$1" "$2")" = "$3" ] && return 0; sleep 0.2; done
  echo "timed out waiting for $3 on $2"; tail -20 "$WORK"/*.log; return 1
}

echo "== dhcp-node serve --pair examples/hot-standby.yaml --role primary / --role secondary"
node primary p; node secondary s
await_state p 198.18.0.2 NORMAL 60; await_state s 198.18.0.3 NORMAL 60
echo "primary: $(state p 198.18.0.2)   secondary: $(state s 198.18.0.3)"

cat >"$WORK/script" <<'SCRIPT'
#!/bin/sh
case "$reason" in BOUND|RENEW|REBIND|REBOOT) ip addr add "$new_ip_address/${new_subnet_mask:-255.255.255.0}" dev "$interface";; esac
exit 0
SCRIPT
chmod +x "$WORK/script"; : >"$WORK/empty.conf"
client() { # HOST
  ip netns exec "$P-$1" timeout 60 dhclient -4 -1 -v -sf "$WORK/script" -cf "$WORK/empty.conf" \
    -lf "$WORK/$1.leases" -pf "$WORK/$1.dhclient.pid" eth0 2>&1 | grep -E "DHCPOFFER|DHCPACK|bound" || true
}
echo "== a client gets a lease from the pair"
client cli1
echo "== the secondary's store has the binding (dhcp-node leases)"
sleep 1; java -jar "$JAR" leases --data-dir "$WORK/secondary-data"

echo "== kill -9 the primary"
kill -KILL "$(cat "$WORK/primary.pid")"
t0=$(date +%s.%N)
await_state s 198.18.0.3 COMMUNICATIONS-INTERRUPTED 30
echo "secondary: COMMUNICATIONS-INTERRUPTED after $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
echo "== a new client gets a lease from the secondary alone"
client cli2
echo "== the secondary's /status"
status s 198.18.0.3
echo "== tearing down"
