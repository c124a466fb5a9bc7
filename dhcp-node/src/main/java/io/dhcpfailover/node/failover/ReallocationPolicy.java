package io.dhcpfailover.node.failover;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;

/**
 * Whether an address may be given to a client other than the one it belongs to, or back to its
 * own client once its lease ended (draft-ietf-dhc-failover-12 §5.2.1, §9.4.2; digest §E.3 with
 * its safety note):
 *
 * <table>
 *   <caption>Digest §E.3, the draft's rule</caption>
 *   <tr><th>Binding</th><th>Primary</th><th>Secondary</th></tr>
 *   <tr><td>ACTIVE, lease running</td><td>never</td><td>never</td></tr>
 *   <tr><td>FREE, ABANDONED</td><td>yes</td><td>PARTNER-DOWN and now &gt; max(PD start, PET) +
 *       MCLT</td></tr>
 *   <tr><td>BACKUP</td><td>PARTNER-DOWN and now &gt; max(PD start, PET) + MCLT</td><td>yes</td></tr>
 *   <tr><td>EXPIRED, RELEASED, RESET (and ACTIVE past its end)</td><td colspan="2">PARTNER-DOWN,
 *       now &gt; max(client expiry, sent, acked and received PET) + MCLT and now &gt; PD start +
 *       MCLT</td></tr>
 * </table>
 *
 * Outside PARTNER-DOWN an EXPIRED/RELEASED/RESET address becomes reusable only once the partner has
 * acknowledged its BNDUPD, at which point it is stored FREE. There is no "rewind" of an expired
 * binding the partner was never told about: whether a BNDUPD was sent is not in stable storage, and
 * an update sent but not acknowledged counts as told. A binding learned from the partner while
 * recovering ({@link Lease#FLAG_FENCED}) goes to nobody before its PET + MCLT.
 */
public final class ReallocationPolicy {
  private ReallocationPolicy() {}

  /**
   * Whether a fence ({@link Lease#FLAG_FENCED}) is still in force: until the latest PET known for
   * the binding (sent, or received and moved early by the skew margin) or its end, plus the MCLT.
   * The fence never raises the stored PETs themselves: the received one bounds this node's
   * renewals (what the partner knows), and a fence's later horizon would let them run past it.
   */
  public static boolean fenced(Lease l, long mclt, long now) {
    if (!l.hasFlag(Lease.FLAG_FENCED)) {
      return false;
    }
    long horizon = Math.max(Math.max(l.tstp(), l.tsfp() + 2 * WireBinding.SKEW_MARGIN), l.end());
    return now <= horizon + mclt;
  }

  /**
   * @param current the stored binding, or null for an address never used (the primary's FREE)
   * @param role this server's role
   * @param state this server's failover state
   * @param partnerDownSince start time of this server's PARTNER-DOWN state (ignored otherwise)
   * @param mclt the MCLT
   * @param now the current time
   */
  public static boolean mayReallocate(
      Lease current, Role role, ServerState state, long partnerDownSince, long mclt, long now) {
    boolean partnerDown = state == ServerState.PARTNER_DOWN;
    if (current == null) {
      return role == Role.PRIMARY || (partnerDown && now > partnerDownSince + mclt);
    }
    if (fenced(current, mclt, now)) {
      return false;
    }
    // a received PET was moved into our clock early (BindingSync): for reuse, err late
    long pet = Math.max(current.tstp(), current.tsfp() + 2 * WireBinding.SKEW_MARGIN);
    boolean poolWaitOver = partnerDown && now > Math.max(partnerDownSince, pet) + mclt;
    boolean reclaimWaitOver =
        partnerDown
            && now > Math.max(current.end(), pet) + mclt
            && now > partnerDownSince + mclt;
    return switch (current.state()) {
      case ACTIVE -> current.end() <= now && reclaimWaitOver;
      case FREE, ABANDONED -> role == Role.PRIMARY || poolWaitOver;
      case BACKUP -> role == Role.SECONDARY || poolWaitOver;
      case EXPIRED, RELEASED, RESET -> reclaimWaitOver;
    };
  }
}
