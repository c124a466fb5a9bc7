#!/bin/sh
# dhclient script for test hosts: sets the leased address on the test namespace's interface only.
case "$reason" in
  BOUND|RENEW|REBIND|REBOOT)
    ip addr flush dev "$interface" scope global 2>/dev/null
    ip addr add "$new_ip_address/${new_subnet_mask:-255.255.255.0}" dev "$interface"
    ;;
  EXPIRE|FAIL|RELEASE|STOP)
    ip addr flush dev "$interface" scope global 2>/dev/null
    ;;
esac
exit 0
