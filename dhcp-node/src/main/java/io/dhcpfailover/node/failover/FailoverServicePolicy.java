package io.dhcpfailover.node.failover;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptionCode;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.engine.ServicePolicy;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The failover answer to the DHCP path's question "may I answer this client, with which address,
 * for how long?" (digest §D.1, §E, §H), read from the core's current snapshot.
 */
public final class FailoverServicePolicy implements ServicePolicy {
  private final Supplier<FailoverSnapshot> snapshot;
  private final Consumer<Lease> committed;
  private final Role role;
  private final Mode mode;
  private final int loadBalanceMaxSeconds;
  private final Supplier<Boolean> partnerHasFree;

  public FailoverServicePolicy(FailoverEndpoint endpoint, Supplier<Boolean> partnerHasFree) {
    this(endpoint.settings(), endpoint::snapshot, endpoint::bindingCommitted, partnerHasFree);
  }

  /**
   * @param snapshot the core's current snapshot (any thread)
   * @param committed where committed bindings go (to the core, on its thread)
   */
  public FailoverServicePolicy(
      FailoverSettings settings,
      Supplier<FailoverSnapshot> snapshot,
      Consumer<Lease> committed,
      Supplier<Boolean> partnerHasFree) {
    this.snapshot = snapshot;
    this.committed = committed;
    this.role = settings.role();
    this.mode = settings.mode();
    this.loadBalanceMaxSeconds = settings.loadBalanceMaxSeconds();
    this.partnerHasFree = partnerHasFree;
  }

  private ServingPolicy serving(FailoverSnapshot s) {
    return ServingPolicy.of(s.state(), s.partnerState(), role, mode);
  }

  /**
   * In NORMAL, hot standby leaves every client to the primary; load balancing splits by RFC 3074
   * bucket (every message but SELECTING REQUESTs, RELEASE, DECLINE and INFORM, which go to the
   * server the client chose), unless the client waited longer than load-balance-max-seconds.
   */
  @Override
  public boolean mayAnswer(DhcpMessage request) {
    FailoverSnapshot s = snapshot.get();
    ServingPolicy p = serving(s);
    if (!p.answers()) {
      return false;
    }
    DhcpMessageType type = request.messageType();
    if (type == DhcpMessageType.RELEASE || type == DhcpMessageType.DECLINE || type == DhcpMessageType.INFORM) {
      return true;
    }
    return switch (p.discoverScope()) {
      case ALL -> true;
      case NONE -> false;
      case OWN_BUCKETS -> {
        if (type == DhcpMessageType.REQUEST && request.options().has(DhcpOptionCode.SERVER_ID.code())) {
          yield true;
        }
        int bucket = LoadBalanceHash.bucket(request.options().get(DhcpOptionCode.CLIENT_ID.code()), request.hardwareAddress());
        yield LoadBalanceHash.answersDiscover(role, s.hba(), bucket, request.secs(), loadBalanceMaxSeconds, true,
            partnerHasFree.get());
      }
    };
  }

  /** DISCOVERs and REQUESTs, when {@link #mayAnswer} refuses them all: not serving, or NONE. */
  @Override
  public boolean answersNone(DhcpMessageType type) {
    if (type != DhcpMessageType.DISCOVER && type != DhcpMessageType.REQUEST) {
      return false;
    }
    ServingPolicy p = serving(snapshot.get());
    return !p.answers() || p.discoverScope() == ServingPolicy.DiscoverScope.NONE;
  }

  @Override
  public boolean allocatesFrom(BindingState pool) {
    FailoverSnapshot s = snapshot.get();
    ServingPolicy p = serving(s);
    if (!p.allocates()) {
      return false;
    }
    return pool == p.ownPool() || s.state() == ServerState.PARTNER_DOWN;
  }

  @Override
  public int poolSharePercent(BindingState pool) {
    int backup = mode == Mode.LOAD_BALANCE ? 50 : PoolBalancer.HOT_STANDBY_PERCENT;
    return pool == BindingState.BACKUP ? backup : pool == BindingState.FREE ? 100 - backup : 0;
  }

  @Override
  public boolean mayReallocate(int address, Lease current, long now) {
    FailoverSnapshot s = snapshot.get();
    ServingPolicy p = serving(s);
    if (!p.allocates() || now < s.reuseAfter()) {
      return false;
    }
    if (current != null && (current.hardware() != null || current.clientId() != null) && now < s.clientReuseAfter()) {
      return false;
    }
    long pdSince = s.state() == ServerState.PARTNER_DOWN ? s.since() : 0;
    return ReallocationPolicy.mayReallocate(current, role, s.state(), pdSince, s.mclt(), now);
  }

  @Override
  public boolean mayExpire() {
    ServerState st = snapshot.get().state();
    return st != ServerState.STARTUP && st != ServerState.RECOVER;
  }

  @Override
  public long leaseTime(Lease current, long desired, long now) {
    long tsfp = current == null ? 0 : current.tsfp();
    return LeaseTimePolicy.leaseTime(desired, snapshot.get().mclt(), tsfp, now);
  }

  @Override
  public long potentialExpiry(long now, long desired, long actual) {
    return LeaseTimePolicy.potentialExpiration(now, desired, actual);
  }

  @Override
  public void bindingCommitted(Lease lease) {
    committed.accept(lease);
  }
}
