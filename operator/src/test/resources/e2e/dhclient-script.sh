#!/bin/sh
# dhclient script for the test client: puts the leased address on the client's interface, nothing else.
case "$reason" in
  BOUND|RENEW|REBIND|REBOOT)
    ip -4 addr flush dev "$interface" scope global 2>/dev/null
    ip -4 addr add "$new_ip_address/${new_subnet_mask:-255.255.255.0}" dev "$interface"
    ;;
  EXPIRE|FAIL|RELEASE|STOP)
    ip -4 addr flush dev "$interface" scope global 2>/dev/null
    ;;
esac
exit 0
