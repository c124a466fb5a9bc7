#!/usr/bin/env bash
# isc_config FILE primary|secondary MY_ADDRESS PEER_ADDRESS: one ISC dhcpd 4.4 failover server of
# the pair "bench" (198.18.0.0/16, one big pool, lease time 1h, mclt 1h). split 256 gives the
# primary every hash bucket, ISC's way of hot standby. Writes an empty lease file next to FILE.
isc_config() {
  local extra=""
  [ "$2" = primary ] && extra="mclt 3600; split 256;"
  cat >"$1" <<CONF
authoritative;
log-facility local7;
ping-check false;
default-lease-time 3600;
max-lease-time 3600;
failover peer "bench" {
  $2;
  address $3;
  port 647;
  peer address $4;
  peer port 647;
  max-response-delay 5;
  max-unacked-updates 10;
  load balance max seconds 3;
  $extra
}
subnet 198.18.0.0 netmask 255.255.0.0 {
  pool {
    failover peer "bench";
    range 198.18.1.0 198.18.255.250;
    deny dynamic bootp clients;
  }
}
CONF
  : >"${1%.conf}.leases"
}
# isc_normal: both servers of the pair logged their move to normal (logs isc1.log, isc2.log)
isc_normal() {
  grep -q "I move from .* to normal" "$WORK/isc1.log" && grep -q "I move from .* to normal" "$WORK/isc2.log"
}
