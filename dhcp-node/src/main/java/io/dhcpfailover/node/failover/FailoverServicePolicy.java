package io.dhcpfailover.node.failover;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptionCode;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.engine.ServicePolicy;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import java.util.function.Supplier;

/**
 * The failover answer to the DHCP path's question "may I answer this client, with which address,
 * for how long?" (digest §D.1, §E, §H), read from the endpoint's current snapshot.
 */
public final class FailoverServicePolicy implements ServicePolicy {
  private final FailoverEndpoint endpoint;
  private final Role role;
  private final Mode mode;
  private final int loadBalanceMaxSeconds;
  private final Supplier<Boolean> partnerHasFree;

  public FailoverServicePolicy(FailoverEndpoint endpoint, Supplier<Boolean> partnerHasFree) {
    this.endpoint = endpoint;
    this.role = endpoint.settings().role();
    this.mode = endpoint.settings().mode();
    this.loadBalanceMaxSeconds = endpoint.settings().loadBalanceMaxSeconds();
    this.partnerHasFree = partnerHasFree;
  }

  private ServingPolicy serving(FailoverEndpoint.Snapshot s) {
    return ServingPolicy.of(s.state(), s.partnerState(), role, mode);
  }

  /**
   * In NORMAL, hot standby leaves every client to the primary; load balancing splits by RFC 3074
   * bucket (every message but SELECTING REQUESTs, RELEASE, DECLINE and INFORM, which go to the
   * server the client chose), unless the client waited longer than load-balance-max-seconds.
   */
  @Override
  public boolean mayAnswer(DhcpMessage request) {
    FailoverEndpoint.Snapshot s = endpoint.snapshot();
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

  @Override
  public boolean allocatesFrom(BindingState pool) {
    FailoverEndpoint.Snapshot s = endpoint.snapshot();
    ServingPolicy p = serving(s);
    if (!p.allocates()) {
      return false;
    }
    return pool == p.ownPool() || s.state() == ServerState.PARTNER_DOWN;
  }

  @Override
  public boolean mayReallocate(int address, Lease current, long now) {
    FailoverEndpoint.Snapshot s = endpoint.snapshot();
    ServingPolicy p = serving(s);
    if (!p.allocates()) {
      return false;
    }
    long pdSince = s.state() == ServerState.PARTNER_DOWN ? s.since() : 0;
    if (current == null) {
      return ReallocationPolicy.mayReallocate(BindingState.FREE, 0, role, s.state(), pdSince, s.mclt(), false, now);
    }
    if (current.state() == BindingState.ACTIVE && current.end() > now) {
      return false;
    }
    BindingState st = current.state() == BindingState.ACTIVE ? BindingState.EXPIRED : current.state();
    // an expired or released binding the partner never heard of may go back to our own pool
    boolean rewindable = current.hasFlag(Lease.FLAG_UNACKED) && current.tsfp() == 0 && role == Role.PRIMARY;
    return ReallocationPolicy.mayReallocate(st, current.tsfp(), role, s.state(), pdSince, s.mclt(), rewindable, now);
  }

  @Override
  public long leaseTime(Lease current, long desired, long now) {
    long tsfp = current == null ? 0 : current.tsfp();
    return LeaseTimePolicy.leaseTime(desired, endpoint.snapshot().mclt(), tsfp, now);
  }

  @Override
  public long potentialExpiry(long now, long desired, long actual) {
    return LeaseTimePolicy.potentialExpiration(now, desired, actual);
  }

  @Override
  public void bindingCommitted(Lease lease) {
    endpoint.bindingCommitted(lease);
  }
}
