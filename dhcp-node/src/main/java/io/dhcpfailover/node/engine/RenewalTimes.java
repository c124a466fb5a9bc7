package io.dhcpfailover.node.engine;

/**
 * A subnet's renewal (T1, option 58) and rebinding (T2, option 59) times, RFC 2131 §4.4.5: given
 * explicitly for the configured lease time, or by default 1/2 and 7/8 of the lease.
 *
 * @param leaseSeconds the configured lease time
 * @param renewalSeconds T1 for the configured lease, 0 for the default
 * @param rebindingSeconds T2 for the configured lease, 0 for the default
 */
public record RenewalTimes(long leaseSeconds, long renewalSeconds, long rebindingSeconds) {

  /** The defaults for a lease of {@code leaseSeconds}. */
  public static RenewalTimes defaults(long leaseSeconds) {
    return new RenewalTimes(leaseSeconds, 0, 0);
  }

  /**
   * T1 for a lease actually given of {@code givenSeconds}. A failover pair may give less than the
   * configured lease (the MCLT), and a lease whose range was removed lives out what is left: T1 is
   * then scaled in proportion, so that it keeps its place in the lease and stays before T2.
   */
  public long renewal(long givenSeconds) {
    return renewalSeconds == 0 ? givenSeconds / 2 : scaled(renewalSeconds, givenSeconds);
  }

  /** T2 for a lease actually given of {@code givenSeconds}; see {@link #renewal}. */
  public long rebinding(long givenSeconds) {
    return rebindingSeconds == 0 ? givenSeconds * 7 / 8 : scaled(rebindingSeconds, givenSeconds);
  }

  private long scaled(long configured, long givenSeconds) {
    if (givenSeconds >= leaseSeconds) {
      return configured;
    }
    // both below 2^32: the product fits a long
    return configured * givenSeconds / leaseSeconds;
  }
}
