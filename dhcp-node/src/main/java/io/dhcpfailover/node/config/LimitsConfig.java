package io.dhcpfailover.node.config;

import io.dhcpfailover.api.v1alpha1.LimitsSpec;
import io.dhcpfailover.api.validation.Durations;
import java.time.Duration;

/**
 * The node's flood defences ({@code spec.limits}), with the defaults of {@link LimitsSpec} for
 * what the pair file leaves out. Applied live when the pair file changes.
 *
 * @param offersPerClientPerSecond DHCPDISCOVERs answered per hardware address and second
 * @param packetsPerRelayPerSecond requests accepted per relay (giaddr) and second
 * @param outstandingOffersPerSubnet offers a subnet holds at most (never more than half its pool)
 * @param offerHold how long an offered address stays held for its client
 * @param newClientReservePercent share of each subnet kept for patient new clients (0: off)
 */
public record LimitsConfig(
    int offersPerClientPerSecond,
    int packetsPerRelayPerSecond,
    int outstandingOffersPerSubnet,
    Duration offerHold,
    int newClientReservePercent) {

  /** The defaults, as when {@code spec.limits} is absent. */
  public static final LimitsConfig DEFAULTS = from(null);

  /** Reads a validated {@code spec.limits}; null (or a field left out) gives the default. */
  public static LimitsConfig from(LimitsSpec spec) {
    LimitsSpec s = spec == null ? new LimitsSpec() : spec;
    return new LimitsConfig(
        or(s.getOffersPerClientPerSecond(), LimitsSpec.DEFAULT_OFFERS_PER_CLIENT),
        or(s.getPacketsPerRelayPerSecond(), LimitsSpec.DEFAULT_PACKETS_PER_RELAY),
        or(s.getOutstandingOffersPerSubnet(), LimitsSpec.DEFAULT_OUTSTANDING_OFFERS),
        Durations.parseOr(s.getOfferHold(), Durations.parse(LimitsSpec.DEFAULT_OFFER_HOLD)),
        or(s.getNewClientReservePercent(), LimitsSpec.DEFAULT_NEW_CLIENT_RESERVE_PERCENT));
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
