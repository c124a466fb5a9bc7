#!/usr/bin/env bash
# The pair simulator: N seeds (default 1000) of two real failover cores and DHCP engines with a
# simulated link, crashes, partitions, clock offsets and RFC 2131 clients on one virtual clock.
#   bench/simulate.sh [N] [--from FIRST] [--auto-partner-down]
#   bench/simulate.sh --seed S [--auto-partner-down] [--trace ADDRESS] [--log]
#                                       replays one seed with its fault log (--log: the nodes' logs too)
# Last line: seeds=… exchanges=… faults=… violations=…
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [ ! -d dhcp-node/target/test-classes/io/dhcpfailover/node/sim ]; then
  mvn -B -q -DskipTests install -pl api,dhcp-node -am >/dev/null
fi
CP_FILE=dhcp-node/target/test-classpath.txt
if [ ! -s "$CP_FILE" ]; then
  (cd dhcp-node && mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null)
fi
if [ $# -eq 0 ]; then set -- 1000; fi
exec java -cp "dhcp-node/target/test-classes:dhcp-node/target/classes:$(cat "$CP_FILE")" \
  io.dhcpfailover.node.sim.SimulateMain "$@"
