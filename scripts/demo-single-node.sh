#!/usr/bin/env bash
# One standalone node, safe on any machine: builds the node, brings up its own network namespaces
# (198.18.10.0/24), runs a standalone dhcp-node there from examples/standalone-lab.yaml, lets a
# real ISC dhclient in a second namespace get a lease, prints the lease and the node's /status,
# and tears everything down. It never serves DHCP on the host's own interfaces. Needs root.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/dhcp-node/target/dhcp-node.jar"
PAIR="$ROOT/examples/standalone-lab.yaml"
P="demo$$"
WORK=$(mktemp -d "/tmp/$P.XXXX")
NODE_PID=""

cleanup() {
  [ -f "$WORK/dhclient.pid" ] && kill "$(cat "$WORK/dhclient.pid")" 2>/dev/null || true
  [ -n "$NODE_PID" ] && kill -TERM "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null || true
  for ns in "$P-cli" "$P-srv" "$P-lan"; do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

for tool in ip dhclient curl java; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see README: scripts/install-test-deps.sh)" >&2; exit 1; }
done
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -DskipTests package)

echo "== network namespaces: $P-lan (bridge), $P-srv (198.18.10.2 on veth-lab), $P-cli (client on eth0)"
for ns in lan srv cli; do ip netns add "$P-$ns"; ip -n "$P-$ns" link set lo up; done
ip -n "$P-lan" link add br0 type bridge && ip -n "$P-lan" link set br0 up
ip link add veth-lab netns "$P-srv" type veth peer name srvport netns "$P-lan"
ip link add eth0 netns "$P-cli" type veth peer name cliport netns "$P-lan"
for port in srvport cliport; do ip -n "$P-lan" link set "$port" master br0 up; done
ip -n "$P-srv" addr add 198.18.10.2/24 dev veth-lab && ip -n "$P-srv" link set veth-lab up
ip -n "$P-cli" link set eth0 up

echo "== dhcp-node serve --pair examples/standalone-lab.yaml --role standalone"
ip netns exec "$P-srv" java -jar "$JAR" serve --pair "$PAIR" --role standalone \
  --data-dir "$WORK/data" --http-port 8067 >"$WORK/node.log" 2>&1 &
NODE_PID=$!
for _ in $(seq 1 100); do
  ip netns exec "$P-srv" curl -sf -o /dev/null http://198.18.10.2:8067/readyz && break
  kill -0 "$NODE_PID" 2>/dev/null || { cat "$WORK/node.log"; exit 1; }
  sleep 0.2
done

echo "== dhclient in $P-cli"
cat >"$WORK/dhclient-script" <<'SCRIPT'
#!/bin/sh
case "$reason" in BOUND|RENEW|REBIND|REBOOT) ip addr add "$new_ip_address/${new_subnet_mask:-255.255.255.0}" dev "$interface";; esac
exit 0
SCRIPT
chmod +x "$WORK/dhclient-script"
: >"$WORK/dhclient.conf"
ip netns exec "$P-cli" timeout 60 dhclient -4 -1 -v -sf "$WORK/dhclient-script" -cf "$WORK/dhclient.conf" \
  -lf "$WORK/dhclient.leases" -pf "$WORK/dhclient.pid" eth0 2>&1 | grep -E "DHCP|bound" || true
echo "== the client's interface"
ip -n "$P-cli" -4 addr show eth0 | grep inet || { echo "no lease obtained"; cat "$WORK/node.log"; exit 1; }
echo "== the lease the client holds"
grep -E "fixed-address|option (subnet-mask|routers|domain-name-servers|domain-name|dhcp-lease-time)" "$WORK/dhclient.leases" | sort -u
echo "== the node's /status"
ip netns exec "$P-srv" curl -s http://198.18.10.2:8067/status
echo "== the node's store (dhcp-node leases)"
java -jar "$JAR" leases --data-dir "$WORK/data"
echo "== node log"
grep -E "NODE_STARTED|LEASE_ACK" "$WORK/node.log" || true
echo "== tearing down"
