#!/usr/bin/env bash
# kea_config DIR ADDRESS: a single Kea DHCPv4 with memfile persistence, warning-level logging.
# KEA_SOCKET_TYPE=raw for broadcasts from the segment (Kea's UDP sockets hear only relayed and
# unicast traffic); default udp.
kea_config() {
  local dir=$1 iface=${2:-eth1}
  cat >"$dir/kea-dhcp4.conf" <<JSON
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "$iface" ], "dhcp-socket-type": "${KEA_SOCKET_TYPE:-udp}" },
    "lease-database": { "type": "memfile", "persist": true, "name": "$dir/kea-leases4.csv", "lfc-interval": 3600 },
    "valid-lifetime": 3600,
    "subnet4": [ { "id": 1, "subnet": "198.18.0.0/16",
                   "pools": [ { "pool": "198.18.1.0 - 198.18.255.250" } ] } ],
    "loggers": [ { "name": "kea-dhcp4", "output_options": [ { "output": "$dir/kea.log" } ], "severity": "WARN" } ]
} }
JSON
}

KEA_HOOKS=${KEA_HOOKS:-/usr/lib/x86_64-linux-gnu/kea/hooks}

# kea_ha_config DIR THIS_NAME THIS_ADDRESS: one server of a Kea hot-standby pair (server1 at
# 198.18.0.2 primary, server2 at 198.18.0.3 standby). Lease updates go peer to peer through the
# HA hook's own HTTP listener on port 8001 (multi-threaded HA), so no control agent is needed.
# Same memfile persistence and logging as kea_config.
kea_ha_config() {
  local dir=$1 name=$2 addr=$3 iface=${4:-eth1}
  cat >"$dir/kea-dhcp4.conf" <<JSON
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "$iface" ], "dhcp-socket-type": "${KEA_SOCKET_TYPE:-udp}" },
    "lease-database": { "type": "memfile", "persist": true, "name": "$dir/kea-leases4.csv", "lfc-interval": 3600 },
    "valid-lifetime": 3600,
    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2, "packet-queue-size": 64 },
    "hooks-libraries": [
      { "library": "$KEA_HOOKS/libdhcp_lease_cmds.so", "parameters": { } },
      { "library": "$KEA_HOOKS/libdhcp_ha.so", "parameters": { "high-availability": [ {
          "this-server-name": "$name",
          "mode": "hot-standby",
          "heartbeat-delay": 1000,
          "max-response-delay": 5000,
          "max-ack-delay": 5000,
          "max-unacked-clients": 0,
          "sync-timeout": 60000,
          "multi-threading": { "enable-multi-threading": true, "http-dedicated-listener": true,
                               "http-listener-threads": 1, "http-client-threads": 1 },
          "peers": [
            { "name": "server1", "url": "http://198.18.0.2:8001/", "role": "primary", "auto-failover": true },
            { "name": "server2", "url": "http://198.18.0.3:8001/", "role": "standby", "auto-failover": true }
          ] } ] } }
    ],
    "subnet4": [ { "id": 1, "subnet": "198.18.0.0/16",
                   "pools": [ { "pool": "198.18.1.0 - 198.18.255.250" } ] } ],
    "loggers": [ { "name": "kea-dhcp4", "output_options": [ { "output": "$dir/kea.log" } ], "severity": "WARN" } ]
} }
JSON
}

# kea_ha_state HOST ADDRESS: the HA state a Kea server reports to ha-heartbeat (empty if none)
kea_ha_state() {
  ip netns exec "$P-$1" curl -s -m 1 -X POST -H 'Content-Type: application/json' \
      -d '{ "command": "ha-heartbeat", "service": [ "dhcp4" ] }' "http://$2:8001/" 2>/dev/null \
    | tr -d ' \n' | sed -n 's/.*"state":"\([a-z-]*\)".*/\1/p' | head -n 1
}
