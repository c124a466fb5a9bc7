#!/usr/bin/env bash
# The main job, safe on any machine: builds the project, starts the local lab (lab up: a Kubernetes
# API endpoint, the operator, every pod a real node process in its own network namespace), and
# tells the story through the real kubectl: apply examples/hot-standby.yaml, both nodes NORMAL
# (kubectl dfp status), a real ISC dhclient gets a lease (kubectl dfp leases finds it on both
# nodes), an image change rolled one node at a time (the operator's events at the end), kill -9 of the primary's process and the secondary serving a new client.
# Then the lab removes everything it made. It never touches the host's interfaces (the lab adds
# one link of its own, 198.18.0.1/22, and removes it). Needs root.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LAB_JAR="$ROOT/lab/target/dhcp-failover-lab.jar"
NEW_IMAGE=ghcr.io/dhcpfailover/dhcp-node:0.1.1
WORK=$(mktemp -d /tmp/dfpdemo.XXXX)
STATE="$WORK/lab"
LAB_PID=""
WATCH_PID=""
T0=$(date +%s.%N)

cleanup() {
  if [ -n "$WATCH_PID" ]; then kill "$WATCH_PID" 2>/dev/null || true; fi
  if [ -n "$LAB_PID" ]; then
    java -jar "$LAB_JAR" down --state-dir "$STATE" >/dev/null 2>&1 || true
    wait "$LAB_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

for tool in ip dhclient java; do
  command -v "$tool" >/dev/null || { echo "missing $tool (see README: scripts/install-test-deps.sh)" >&2; exit 1; }
done
KUBECTL="$ROOT/target/tools/kubectl"
[ -x "$KUBECTL" ] || KUBECTL=$(command -v kubectl) || { echo "missing kubectl (scripts/install-test-deps.sh puts one in target/tools)" >&2; exit 1; }
if [ ! -f "$LAB_JAR" ] || [ ! -f "$ROOT/operator/target/dhcp-failover-operator.jar" ] || [ ! -f "$ROOT/dhcp-node/target/dhcp-node.jar" ] \
    || [ ! -f "$ROOT/kubectl-plugin/target/kubectl-dfp.jar" ]; then
  echo "== building (mvn -q -DskipTests package)"
  (cd "$ROOT" && mvn -q -DskipTests package)
fi
elapsed() { awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{printf "%5.1fs", b-a}'; }
k() { "$KUBECTL" --kubeconfig "$STATE/kubeconfig" --cache-dir "$WORK/kube-cache" "$@"; }
# kubectl dfp: the plugin on PATH as a user installs it (kubectl takes no flags before a plugin's name)
mkdir -p "$WORK/bin" && ln -s "$ROOT/kubectl-plugin/kubectl-dfp" "$WORK/bin/kubectl-dfp"
# (two runs only: without the launcher's class-data archive, whose first run is the slowest)
dfp() { PATH="$WORK/bin:$PATH" KUBECONFIG="$STATE/kubeconfig" KUBECTL_DFP_CDS=0 "$KUBECTL" dfp "$@"; }
field() { k get dfp campus-a -o "jsonpath=$1" 2>/dev/null || true; }
fail() { echo "FAILED: $*"; echo "--- lab log"; tail -30 "$WORK/lab.log"; exit 1; }
# prints `kubectl get dfp -o wide` whenever a state or the upgrade step changes, until CONDITION
# holds (at most SECONDS)
watch_until() { # SECONDS CONDITION...
  local deadline=$(( $(date +%s) + $1 )) last="" now; shift
  while [ "$(date +%s)" -lt "$deadline" ]; do
    now=$(field '{.status.primary.state}/{.status.secondary.state}/{.status.upgrade.phase}/{.status.upgrade.node}')
    if [ "$now" != "$last" ]; then
      echo "$(elapsed)  $(k get dfp campus-a -o wide --no-headers 2>/dev/null | sed 's/  */ /g')"; last=$now
    fi
    if "$@"; then return 0; fi
    sleep 0.5
  done
  return 1
}
both() { [ "$(field '{.status.primary.state}')" = "$1" ] && [ "$(field '{.status.secondary.state}')" = "$2" ]; }
# runs the real `kubectl get dfp campus-a -o wide -w` and prints each row it streams, with the
# time, until CONDITION holds (at most SECONDS)
kubectl_watch_until() { # SECONDS CONDITION...
  local deadline=$(( $(date +%s) + $1 )) shown=0 n ok=1; shift
  k get dfp campus-a -o wide -w >"$WORK/watch.out" 2>&1 &
  WATCH_PID=$!
  while [ "$(date +%s)" -lt "$deadline" ]; do
    n=$(wc -l <"$WORK/watch.out")
    if [ "$n" -gt "$shown" ]; then
      sed -n "$((shown + 1)),${n}p" "$WORK/watch.out" | while IFS= read -r line; do echo "$(elapsed)  $line"; done
      shown=$n
    fi
    if "$@"; then ok=0; break; fi
    sleep 0.3
  done
  sleep 0.6  # the last change's row (the watch polls every 0.5 s)
  sed -n "$((shown + 1)),\$p" "$WORK/watch.out" | while IFS= read -r line; do echo "$(elapsed)  $line"; done
  kill "$WATCH_PID" 2>/dev/null || true
  wait "$WATCH_PID" 2>/dev/null || true
  WATCH_PID=""
  return $ok
}

echo "== lab up: API server, CRD, operator; pods run as node processes in network namespaces"
java -jar "$LAB_JAR" up --state-dir "$STATE" >"$WORK/lab.log" 2>&1 &
LAB_PID=$!
for _ in $(seq 1 120); do
  grep -q LAB_READY "$WORK/lab.log" && break
  kill -0 "$LAB_PID" 2>/dev/null || fail "lab up exited"
  sleep 0.5
done
grep -q LAB_READY "$WORK/lab.log" || fail "lab not up within 60 s"
grep -E "^(lab: up|  export)" "$WORK/lab.log"
PREFIX=$(sed -n 's/^prefix=//p' "$STATE/lab.state")

echo "== kubectl apply -f examples/hot-standby.yaml"
k apply -f "$ROOT/examples/hot-standby.yaml"
echo "== kubectl get dfp -o wide (printed when it changes) until both nodes are NORMAL"
echo "  time  NAME MODE PRIMARY SECONDARY LEASES READY AGE UPGRADE"
watch_until 90 both NORMAL NORMAL || fail "both nodes not NORMAL within 90 s"
echo "== kubectl dfp status campus-a (both nodes through the API server's pod proxy)"
dfp status campus-a | sed '/^UPGRADE/,$d'

cat >"$WORK/script" <<'SCRIPT'
#!/bin/sh
case "$reason" in BOUND|RENEW|REBIND|REBOOT) ip addr add "$new_ip_address/${new_subnet_mask:-255.255.255.0}" dev "$interface";; esac
exit 0
SCRIPT
chmod +x "$WORK/script"; : >"$WORK/empty.conf"
client() { # N
  ip netns exec "$PREFIX-client$1" timeout 60 dhclient -4 -1 -v -sf "$WORK/script" -cf "$WORK/empty.conf" \
    -lf "$WORK/client$1.leases" -pf "$WORK/client$1.pid" eth0 2>&1 | grep -E "DHCPOFFER|DHCPACK" || true
}
echo "== a client on the segment gets a lease (dhclient in $PREFIX-client1)"
client 1
grep -q "fixed-address" "$WORK/client1.leases" 2>/dev/null || fail "no lease for client1"
MAC1=$(ip netns exec "$PREFIX-client1" cat /sys/class/net/eth0/address)
echo "== kubectl dfp leases campus-a --mac $MAC1"
dfp leases campus-a --mac "$MAC1" | sed '1,2d'

echo "== kubectl patch dfp campus-a --type merge -p '{\"spec\":{\"image\":\"$NEW_IMAGE\"}}'"
k patch dfp campus-a --type merge -p "{\"spec\":{\"image\":\"$NEW_IMAGE\"}}"
rolled() { [ "$(field '{.status.upgrade.lastTo}')" = "$NEW_IMAGE" ] && both NORMAL NORMAL; }
echo "== kubectl get dfp campus-a -o wide -w (a row per change) until the roll is done"
kubectl_watch_until 120 rolled || fail "the roll did not finish within 120 s"
echo "== kubectl describe dfp campus-a (events)"
k describe dfp campus-a | sed -n '/^Events:/,$p'

PRIMARY_PID=$(cat "$STATE/pods/campus-a-primary-0/pid")
echo "== kill -9 the primary's node process (pid $PRIMARY_PID; the lab restarts it as a kubelet would)"
kill -KILL "$PRIMARY_PID"
t_kill=$(date +%s.%N)
# the kernel closes a killed process's sockets only as it tears the process down (after its
# memory), so its TCP connection to the secondary ends some milliseconds after kill returns: a
# client started at once can broadcast before the secondary knows and wait for a retransmission
for _ in $(seq 1 100); do kill -0 "$PRIMARY_PID" 2>/dev/null || break; sleep 0.02; done
t_gone=$(date +%s.%N)
ms() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%d", (b-a)*1000}'; }
echo "== a new client gets a lease (dhclient in $PREFIX-client2; the process gone $(ms "$t_kill" "$t_gone") ms after the kill)"
client 2
grep -q "fixed-address" "$WORK/client2.leases" 2>/dev/null || fail "no lease for client2"
echo "(the lease $(ms "$t_kill" "$(date +%s.%N)") ms after the kill)"
echo "== kubectl get dfp -o wide until both are NORMAL again"
watch_until 60 both NORMAL NORMAL || fail "the pair did not return to NORMAL within 60 s"
echo "== lab down"
java -jar "$LAB_JAR" down --state-dir "$STATE"
wait "$LAB_PID" 2>/dev/null || true
LAB_PID=""
left=$(ip netns list | grep -c "^$PREFIX-" || true)
echo "namespaces left with prefix $PREFIX: $left; took $(elapsed)"
