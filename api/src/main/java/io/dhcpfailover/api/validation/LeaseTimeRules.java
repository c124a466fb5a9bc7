package io.dhcpfailover.api.validation;

import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import java.time.Duration;

/**
 * The rules for a subnet's lease times: {@code leaseTime} is at least {@link
 * PairValidator#MIN_LEASE_TIME} and fits DHCP's 32-bit lease time; {@code renewalTime} (T1) and
 * {@code rebindingTime} (T2) are longer than zero and, with their defaults of 1/2 and 7/8 of the
 * lease, satisfy T1 &lt; T2 &lt; leaseTime (RFC 2131 §4.4.5).
 */
final class LeaseTimeRules {
  private static final long MAX_LEASE_SECONDS = 0xFFFF_FFFEL;

  private final Problems problems;

  LeaseTimeRules(Problems problems) {
    this.problems = problems;
  }

  void check(String path, SubnetSpec subnet) {
    Duration lease = problems.duration(path + ".leaseTime", subnet.getLeaseTime());
    if (lease != null && lease.compareTo(PairValidator.MIN_LEASE_TIME) < 0) {
      problems.add(
          path + ".leaseTime",
          "must be at least " + Durations.format(PairValidator.MIN_LEASE_TIME),
          subnet.getLeaseTime());
      lease = null;
    } else if (lease != null && lease.getSeconds() > MAX_LEASE_SECONDS) {
      problems.add(
          path + ".leaseTime", "must be below 4294967295s (136 years)", subnet.getLeaseTime());
      lease = null;
    }
    Duration t1 = optional(path + ".renewalTime", subnet.getRenewalTime());
    Duration t2 = optional(path + ".rebindingTime", subnet.getRebindingTime());
    if (lease == null || t1 == Duration.ZERO || t2 == Duration.ZERO) {
      return;
    }
    if (t1 != null && t1.compareTo(lease) >= 0) {
      problems.add(
          path + ".renewalTime", "must be shorter than leaseTime " + subnet.getLeaseTime(),
          subnet.getRenewalTime());
    } else if (t2 != null && t2.compareTo(lease) >= 0) {
      problems.add(
          path + ".rebindingTime", "must be shorter than leaseTime " + subnet.getLeaseTime(),
          subnet.getRebindingTime());
    } else if (eighths(t1, lease, 4) >= eighths(t2, lease, 7)) {
      if (t1 != null) {
        problems.add(
            path + ".renewalTime",
            "must be shorter than rebindingTime (T2, by default 7/8 of leaseTime)",
            subnet.getRenewalTime());
      } else {
        problems.add(
            path + ".rebindingTime",
            "must be longer than renewalTime (T1, by default half of leaseTime)",
            subnet.getRebindingTime());
      }
    }
  }

  /** A duration that may be absent (null); {@link Duration#ZERO} when it is given but bad. */
  private Duration optional(String path, String text) {
    if (text == null) {
      return null;
    }
    Duration d = problems.positiveDuration(path, text);
    return d == null ? Duration.ZERO : d;
  }

  /** {@code time} in eighths of a second, or {@code defaultEighths} eighths of the lease. */
  private static long eighths(Duration time, Duration lease, int defaultEighths) {
    return time != null ? time.getSeconds() * 8 : lease.getSeconds() * defaultEighths;
  }
}
