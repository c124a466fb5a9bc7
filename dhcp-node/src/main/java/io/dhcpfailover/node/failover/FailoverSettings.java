package io.dhcpfailover.node.failover;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.Role;

/**
 * The endpoint's settings (from the pair file). {@code maxLeaseSeconds} is the longest lease time
 * the pair gives (the PETs it sends are never further out): a node that enters PARTNER-DOWN
 * without having recovered knows no binding, so it waits that long, plus the MCLT, before it
 * gives any address to a new client.
 */
public record FailoverSettings(
    Role role,
    int localAddress,
    int peerAddress,
    int port,
    String relationship,
    Mode mode,
    int split,
    long mclt,
    long maxResponseDelay,
    int maxUnacked,
    long autoPartnerDown,
    int loadBalanceMaxSeconds,
    String vendorClass,
    long maxLeaseSeconds) {}
