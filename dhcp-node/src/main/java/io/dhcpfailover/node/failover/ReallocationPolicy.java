package io.dhcpfailover.node.failover;

import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;

/**
 * Whether an address may be given to a <em>different</em> client (draft-ietf-dhc-failover-12
 * §5.2.1, §9.4.2; digest §E.3, ISC's "lease mine to reallocate"):
 *
 * <table>
 *   <caption>Digest §E.3</caption>
 *   <tr><th>Binding</th><th>Primary</th><th>Secondary</th></tr>
 *   <tr><td>ACTIVE</td><td>never</td><td>never</td></tr>
 *   <tr><td>FREE, ABANDONED</td><td>yes</td><td>PARTNER-DOWN and now &gt; max(PD start, tsfp) +
 *       MCLT</td></tr>
 *   <tr><td>BACKUP</td><td>PARTNER-DOWN and now &gt; max(PD start, tsfp) + MCLT</td><td>yes</td></tr>
 *   <tr><td>EXPIRED, RELEASED</td><td colspan="2">yes if it came from this server's own pool and
 *       the partner was never told ("rewind"); else PARTNER-DOWN and now &gt; max(tsfp, PD start +
 *       MCLT)</td></tr>
 *   <tr><td>RESET</td><td colspan="2">PARTNER-DOWN and now &gt; max(tsfp, PD start + MCLT)</td></tr>
 * </table>
 *
 * Outside PARTNER-DOWN an EXPIRED/RELEASED/RESET address becomes reusable only once the partner has
 * acknowledged its BNDUPD, at which point it is stored FREE.
 */
public final class ReallocationPolicy {
  private ReallocationPolicy() {}

  /**
   * @param binding the address's binding state
   * @param tsfp the potential-expiration-time acknowledged by or received from the partner
   * @param role this server's role
   * @param state this server's failover state
   * @param partnerDownSince start time of this server's PARTNER-DOWN state (ignored otherwise)
   * @param mclt the MCLT
   * @param rewindable the address was in this server's own pool before it was leased, and no BNDUPD
   *     about the lease has been sent
   * @param now the current time
   */
  public static boolean mayReallocate(
      BindingState binding,
      long tsfp,
      Role role,
      ServerState state,
      long partnerDownSince,
      long mclt,
      boolean rewindable,
      long now) {
    boolean partnerDown = state == ServerState.PARTNER_DOWN;
    boolean pdWaitOver = partnerDown && now > Math.max(partnerDownSince, tsfp) + mclt;
    boolean reclaimWaitOver = partnerDown && now > Math.max(tsfp, partnerDownSince + mclt);
    return switch (binding) {
      case ACTIVE -> false;
      case FREE, ABANDONED -> role == Role.PRIMARY || pdWaitOver;
      case BACKUP -> role == Role.SECONDARY || pdWaitOver;
      case EXPIRED, RELEASED -> rewindable || reclaimWaitOver;
      case RESET -> reclaimWaitOver;
    };
  }

  /**
   * {@link #mayReallocate(BindingState, long, Role, ServerState, long, long, boolean, long)} for a
   * stored lease.
   */
  public static boolean mayReallocate(
      Lease lease,
      Role role,
      ServerState state,
      long partnerDownSince,
      long mclt,
      boolean rewindable,
      long now) {
    return mayReallocate(
        lease.state(), lease.tsfp(), role, state, partnerDownSince, mclt, rewindable, now);
  }
}
