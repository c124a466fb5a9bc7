#!/bin/sh
# udhcpc script for test hosts: sets the leased address on the test namespace's interface only.
case "$1" in
  bound|renew)
    ip addr flush dev "$interface" scope global 2>/dev/null
    ip addr add "$ip/${mask:-24}" dev "$interface"
    ;;
  deconfig)
    ip addr flush dev "$interface" scope global 2>/dev/null
    ;;
esac
exit 0
