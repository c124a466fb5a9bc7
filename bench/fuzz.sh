#!/usr/bin/env bash
# Fuzzes the decoders for real: each Jazzer target (the @FuzzTest methods that `mvn verify` only
# replays on their seed corpus) runs for SECONDS under libFuzzer, one target at a time, at low
# priority. The corpus grows in dhcp-node/.cifuzz-corpus/ (not committed); crashing inputs are kept
# in dhcp-node/target/fuzz/<target>/ (this run's only) and shown in the output: copy one into the target's
# src/test/resources/.../<Class>Inputs/<method>/ folder to make it a regression test.
# Usage: bench/fuzz.sh [SECONDS] [TARGET...]   (SECONDS per target, default 300; TARGET a class
#        simple name such as DhcpDecoderFuzzTest, default all four)
# A line per target, then the totals as the last line: targets=N executions=E findings=F
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECS=${1:-300}
shift $(( $# > 0 ? 1 : 0 ))
ALL=(
  io.dhcpfailover.node.codec.dhcp.DhcpDecoderFuzzTest#decodesOrRejects
  io.dhcpfailover.node.codec.failover.FailoverDecoderFuzzTest#decodesOrDropsLink
  io.dhcpfailover.node.journal.JournalReaderFuzzTest#replaysOrRefuses
  io.dhcpfailover.node.config.PairFileLoaderFuzzTest#loadsOrExplains
)
TARGETS=()
for t in "${ALL[@]}"; do
  cls=${t%#*}
  if [ $# -eq 0 ] || printf '%s\n' "$@" | grep -qx "${cls##*.}"; then TARGETS+=("$t"); fi
done
[ ${#TARGETS[@]} -gt 0 ] || { echo "no such target: $*" >&2; exit 2; }

# Test classes and the test class path from the reactor (never from an installed api jar).
cd "$ROOT"
mvn -B -q test-compile dependency:build-classpath -pl build-tools,api,dhcp-node \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >&2
DEPS=$(tr ':' '\n' <dhcp-node/target/test-classpath.txt | grep -v '/io/dhcpfailover/api/' | paste -sd:)
CP="$ROOT/dhcp-node/target/test-classes:$ROOT/dhcp-node/target/classes"
CP="$CP:$ROOT/api/target/classes:$ROOT/api/target/test-classes:$DEPS"

total_execs=0
total_findings=0
for t in "${TARGETS[@]}"; do
  cls=${t%#*}
  method=${t#*#}
  name="${cls##*.}.$method"
  out="$ROOT/dhcp-node/target/fuzz/${cls##*.}"
  mkdir -p "$out"
  rm -f "$out"/crash-* "$out"/timeout-* "$out"/oom-* "$out"/leak-* "$out"/slow-unit-*
  log="$out/fuzz.log"
  start=$(date +%s)
  # The generated corpus lands in dhcp-node/.cifuzz-corpus/, where `JAZZER_FUZZ=1 mvn test` puts it.
  # -timeout: an input taking 10 s is a hang; -Xmx: an input exhausting 1 GiB is a finding.
  (cd "$ROOT/dhcp-node" && JAZZER_FUZZ=1 nice -n 10 java -Xmx1g -cp "$CP" \
    com.code_intelligence.jazzer.Jazzer \
    --target_class="$cls" --target_method="$method" \
    --instrumentation_includes='io.dhcpfailover.**' --custom_hook_includes='io.dhcpfailover.**' \
    --keep_going=100 \
    -max_total_time="$SECS" -timeout=10 -print_final_stats=1 -artifact_prefix="$out/" \
    >"$log" 2>&1) || true
  wall=$(( $(date +%s) - start ))
  execs=$(awk '/^stat::number_of_executed_units:/ { n = $2 } END { print n + 0 }' "$log")
  rate=$(awk '/^stat::average_exec_per_sec:/ { n = $2 } END { print n + 0 }' "$log")
  findings=$(find "$out" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' \
    -o -name 'oom-*' -o -name 'leak-*' -o -name 'slow-unit-*' \) | wc -l)
  corpus=$(find "$ROOT/dhcp-node/.cifuzz-corpus/$cls/$method" -type f 2>/dev/null | wc -l)
  echo "$name seconds=$wall executions=$execs exec_per_s=$rate findings=$findings corpus=$corpus log=$log"
  if [ "$findings" -gt 0 ]; then
    grep -h -A3 '^== Java Exception' "$log" | head -n 20 >&2 || true
  fi
  total_execs=$(( total_execs + execs ))
  total_findings=$(( total_findings + findings ))
done
echo "targets=${#TARGETS[@]} executions=$total_execs findings=$total_findings"
