package io.dhcpfailover.node.failover;

import static io.dhcpfailover.node.codec.failover.ServerState.COMMUNICATIONS_INTERRUPTED;
import static io.dhcpfailover.node.codec.failover.ServerState.CONFLICT_DONE;
import static io.dhcpfailover.node.codec.failover.ServerState.NORMAL;
import static io.dhcpfailover.node.codec.failover.ServerState.PARTNER_DOWN;
import static io.dhcpfailover.node.codec.failover.ServerState.POTENTIAL_CONFLICT;
import static io.dhcpfailover.node.codec.failover.ServerState.RESOLUTION_INTERRUPTED;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.lease.BindingState;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a server may do for DHCP clients in a failover state, as ISC dhcpd 4.4.3 decides it (digest
 * §D.1 "ISC: serves clients?", §H).
 *
 * @param answers whether it answers DHCP clients at all
 * @param allocates whether it may give an address to a client that has none
 * @param ownPool the pool new addresses come from: FREE for the primary, BACKUP for the secondary
 * @param mayUsePartnerPool whether the partner's pool and reclaimable bindings may be used
 *     (PARTNER-DOWN only, after the MCLT wait of {@link ReallocationPolicy})
 * @param discoverScope which DHCPDISCOVERs it answers
 */
public record ServingPolicy(
    boolean answers,
    boolean allocates,
    BindingState ownPool,
    boolean mayUsePartnerPool,
    DiscoverScope discoverScope) {

  /** Which DHCPDISCOVERs a server answers (digest §H: only DISCOVERs are hash-balanced). */
  public enum DiscoverScope {
    /** None (not serving, or the hot-standby secondary in NORMAL). */
    NONE,
    /**
     * Only clients whose RFC 3074 bucket it owns, unless {@link LoadBalanceHash} says otherwise.
     */
    OWN_BUCKETS,
    /** All clients. */
    ALL
  }

  private static final Set<ServerState> SERVING_STATES =
      EnumSet.of(NORMAL, COMMUNICATIONS_INTERRUPTED, PARTNER_DOWN);

  /** Partner states in which ISC stops serving whatever its own state (digest §D.1). */
  private static final Set<ServerState> PARTNER_BLOCKS =
      EnumSet.of(PARTNER_DOWN, POTENTIAL_CONFLICT, CONFLICT_DONE, RESOLUTION_INTERRUPTED);

  /**
   * Whether a server in {@code mine} answers clients while the partner is (last known) in {@code
   * partner}: only in NORMAL, COMMUNICATIONS-INTERRUPTED and PARTNER-DOWN, and not while the
   * partner is PARTNER-DOWN, POTENTIAL-CONFLICT, CONFLICT-DONE or RESOLUTION-INTERRUPTED (digest
   * §D.1, §J.13; ISC serves neither in RECOVER-DONE nor RESOLUTION-INTERRUPTED).
   */
  public static boolean answersClients(ServerState mine, ServerState partner) {
    return SERVING_STATES.contains(mine) && !PARTNER_BLOCKS.contains(partner);
  }

  /**
   * The policy for this state, partner state, role and mode. In NORMAL the load-balance mode splits
   * DISCOVERs by hash bucket; hot standby is ISC's {@code split 256}: the primary owns every
   * bucket, the secondary answers no DISCOVER but still renewals (digest §H, REQUESTs are never
   * balanced). In COMMUNICATIONS-INTERRUPTED and PARTNER-DOWN every client is answered.
   */
  public static ServingPolicy of(ServerState mine, ServerState partner, Role role, Mode mode) {
    BindingState own = role == Role.PRIMARY ? BindingState.FREE : BindingState.BACKUP;
    if (!answersClients(mine, partner)) {
      return new ServingPolicy(false, false, own, false, DiscoverScope.NONE);
    }
    DiscoverScope scope;
    if (mine == NORMAL) {
      if (mode == Mode.HOT_STANDBY) {
        scope = role == Role.PRIMARY ? DiscoverScope.ALL : DiscoverScope.NONE;
      } else {
        scope = DiscoverScope.OWN_BUCKETS;
      }
    } else {
      scope = DiscoverScope.ALL;
    }
    return new ServingPolicy(true, true, own, mine == PARTNER_DOWN, scope);
  }
}
