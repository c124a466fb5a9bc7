package io.dhcpfailover.api.validation;

import io.dhcpfailover.api.v1alpha1.LimitsSpec;
import java.time.Duration;

/**
 * The rules for {@code spec.limits}: {@code offersPerClientPerSecond} is 1 to 1000, {@code
 * packetsPerRelayPerSecond} 1 to 1000000, {@code outstandingOffersPerSubnet} 0 to 1000000, {@code newClientReservePercent} 0 to 90, and
 * {@code offerHold} a duration of 10s to 30s. An absent {@code limits} (or field) takes the
 * defaults of {@link LimitsSpec}.
 */
final class LimitsRules {
  /** The shortest offer hold: a client that waits for several offers still finds its own held. */
  static final Duration MIN_OFFER_HOLD = Duration.ofSeconds(10);

  /** The longest offer hold: an unclaimed address is back in the pool soon. */
  static final Duration MAX_OFFER_HOLD = Duration.ofSeconds(30);

  private final Problems problems;

  LimitsRules(Problems problems) {
    this.problems = problems;
  }

  void check(LimitsSpec limits) {
    if (limits == null) {
      return;
    }
    optionalBetween("spec.limits.offersPerClientPerSecond", limits.getOffersPerClientPerSecond(), 1, 1000);
    optionalBetween("spec.limits.packetsPerRelayPerSecond", limits.getPacketsPerRelayPerSecond(), 1, 1_000_000);
    optionalBetween(
        "spec.limits.outstandingOffersPerSubnet", limits.getOutstandingOffersPerSubnet(), 0, 1_000_000);
    optionalBetween("spec.limits.newClientReservePercent", limits.getNewClientReservePercent(), 0, 90);
    if (limits.getOfferHold() != null) {
      Duration hold = problems.duration("spec.limits.offerHold", limits.getOfferHold());
      if (hold != null && (hold.compareTo(MIN_OFFER_HOLD) < 0 || hold.compareTo(MAX_OFFER_HOLD) > 0)) {
        problems.add("spec.limits.offerHold", "must be 10s to 30s", limits.getOfferHold());
      }
    }
  }

  private void optionalBetween(String path, Integer value, long min, long max) {
    if (value != null) {
      problems.between(path, value, min, max);
    }
  }
}
