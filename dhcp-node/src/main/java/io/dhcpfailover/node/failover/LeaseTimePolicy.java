package io.dhcpfailover.node.failover;

/**
 * The MCLT rule for lease times (draft-ietf-dhc-failover-12 §5.2.1; digest §E.2), as ISC dhcpd
 * 4.4.3 computes it in every failover state, PARTNER-DOWN included (digest §J.23). A client's lease
 * may never run past what the partner knows (tsfp) plus the MCLT.
 */
public final class LeaseTimePolicy {
  private LeaseTimePolicy() {}

  /**
   * What to give a client and what to tell the partner.
   *
   * @param leaseTime seconds to put in DHCP option 51
   * @param potentialExpiration the potential-expiration-time to send in the BNDUPD
   */
  public record Grant(long leaseTime, long potentialExpiration) {}

  /**
   * ISC's formula (digest §E.2), with D = {@code desired}:
   *
   * <pre>
   * D &lt;= MCLT                 : D
   * tsfp &lt;= now               : MCLT                 (the partner knows nothing yet)
   * now + D &gt; tsfp + MCLT     : (tsfp - now) + MCLT
   * otherwise                 : D
   * </pre>
   *
   * @param desired the lease time the configuration would give without failover
   * @param mclt the maximum client lead time
   * @param tsfp the potential-expiration-time the partner acknowledged or sent (0 if none)
   * @param now the current time
   */
  public static long leaseTime(long desired, long mclt, long tsfp, long now) {
    if (desired <= mclt) {
      return desired;
    }
    if (tsfp <= now) {
      return mclt;
    }
    if (now + desired > tsfp + mclt) {
      return (tsfp - now) + mclt;
    }
    return desired;
  }

  /**
   * The potential-expiration-time sent with the BNDUPD of a DHCPACK: {@code now + D + actual/2}
   * (ISC; digest §E.2, confirmed by captures b: +3615 s for D 3600, lease 30).
   */
  public static long potentialExpiration(long now, long desired, long actual) {
    return now + desired + actual / 2;
  }

  /** {@link #leaseTime} and {@link #potentialExpiration} together. */
  public static Grant grant(long desired, long mclt, long tsfp, long now) {
    long actual = leaseTime(desired, mclt, tsfp, now);
    return new Grant(actual, potentialExpiration(now, desired, actual));
  }
}
