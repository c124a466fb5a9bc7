#!/usr/bin/env bash
# Fault injection on real processes: N seeded random fault schedules, each on a fresh failover pair
# (two node processes in network namespaces, a relay-style client simulator sending to both nodes,
# two real dhclients), the modes HotStandby and LoadBalance in turn. A schedule cuts the failover
# link (both ways or one way) and nodes from their clients with nftables, sends kill -9, SIGTERM and
# SIGSTOP (longer than maxResponseDelay), restarts a node on a wiped data directory or with its
# clock off (faketime); then it heals everything, waits (bounded) for both nodes NORMAL, lets
# clients churn, and checks: duplicates (an address ACKed to two clients at overlapping times, as
# the clients saw it), lost (a binding a client still holds on neither node), unsynced (on one node
# only), stuck (not both NORMAL within the bound). Timers: MCLT 10 s, leases 40 s,
# maxResponseDelay 5 s. Each schedule takes about a minute.
# Needs root, iproute2, nftables, faketime, isc-dhcp-client, curl (scripts/install-test-deps.sh).
# Usage: sudo bench/chaos.sh N [FIRST-SEED] [MODES]   (MODES: HotStandby,LoadBalance by default)
# A line per schedule (with its findings and the seed that replays it), then the totals as the last
# line: schedules=N faults=F duplicates=D lost=L unsynced=U stuck=S
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/dhcp-node/target/dhcp-node.jar"
CLASSES="$ROOT/dhcp-node/target/test-classes"
N=${1:?usage: bench/chaos.sh N [FIRST-SEED] [MODES]}
FIRST=${2:-$(( $(date +%s) % 1000000 ))}
MODES=${3:-HotStandby,LoadBalance}
if [ ! -f "$JAR" ] || [ ! -f "$CLASSES/io/dhcpfailover/node/it/ChaosRunner.class" ]; then
  (cd "$ROOT" && mvn -B -q -DskipTests install -pl api,dhcp-node -am) >&2
fi
exec java -Dnode.jar="$JAR" -cp "$CLASSES:$JAR" io.dhcpfailover.node.it.ChaosRunner "$N" "$FIRST" "$MODES"
