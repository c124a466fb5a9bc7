#!/usr/bin/env bash
# kea_config DIR ADDRESS: a single Kea DHCPv4 with memfile persistence, warning-level logging.
kea_config() {
  local dir=$1 iface=${2:-eth1}
  cat >"$dir/kea-dhcp4.conf" <<JSON
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "$iface" ], "dhcp-socket-type": "udp" },
    "lease-database": { "type": "memfile", "persist": true, "name": "$dir/kea-leases4.csv", "lfc-interval": 3600 },
    "valid-lifetime": 3600,
    "subnet4": [ { "id": 1, "subnet": "198.18.0.0/16",
                   "pools": [ { "pool": "198.18.1.0 - 198.18.255.250" } ] } ],
    "loggers": [ { "name": "kea-dhcp4", "output_options": [ { "output": "$dir/kea.log" } ], "severity": "WARN" } ]
} }
JSON
}
