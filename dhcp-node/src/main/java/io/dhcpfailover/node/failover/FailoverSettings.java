package io.dhcpfailover.node.failover;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.Role;

/** The endpoint's settings (from the pair file). */
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
    String vendorClass) {}
