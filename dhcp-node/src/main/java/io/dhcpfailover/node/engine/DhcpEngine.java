package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptionCode;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.LeaseStore;
import io.dhcpfailover.node.util.Ipv4;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCPv4 server logic of RFC 2131 §4.3: picks the subnet, allocates, commits bindings to stable
 * storage and builds replies. Pure of sockets: a request goes in, a reply (or silence) comes out.
 *
 * <p>Confined to one thread (the DHCP event loop): call {@link #handle}, {@link #sweep} and {@link
 * #rebuild} from that thread only. Store futures complete on the store's writer thread; the reply
 * stage then completes there, which the caller may hop back from.
 */
public final class DhcpEngine {
  private static final Logger LOG = LoggerFactory.getLogger(DhcpEngine.class);
  private static final Logger LEASES = LoggerFactory.getLogger("io.dhcpfailover.node.leases");

  /** Addresses pinged for one DISCOVER at most: past that, the next candidate is offered as is. */
  static final int MAX_PROBES = 3;

  private final int serverId;
  private final ReplyBuilder replies;
  private volatile List<Subnet> subnets;
  private volatile Map<String, Subnet> subnetByInterface;
  private final LeaseStore store;
  private final Clock clock;
  private final EngineMetrics metrics;
  private volatile ServicePolicy policy;
  private final LeaseTimers timers;
  private final AddressChooser chooser;
  private volatile AddressProbe probe = AddressProbe.NONE;
  /** Clients whose offer waits for a ping: a retransmitted DISCOVER meanwhile gets no second one. */
  private final Set<ClientKey> probing = new HashSet<>();
  private final OfferHolds offers = new OfferHolds();
  private final NewClientReserve reserve;

  /** Why a request got no answer (metric label). */
  public enum Silence {
    NO_SUBNET,
    NO_CLIENT_ID,
    NOT_OURS,
    POLICY,
    POOL_EXHAUSTED,
    OTHER_SERVER,
    UNKNOWN_CLIENT,
    MALFORMED_REQUEST,
    STORE_UNAVAILABLE,
    BOOTP,
    PROBING,
    NEW_CLIENT_RESERVE,
    NOT_HANDLED
  }

  /** Where the engine reports what it did. */
  public interface EngineMetrics {
    default void silence(Silence reason) {}

    default void committed(Lease lease) {}

    /** An offer was made without holding its address: the subnet held its most offers already. */
    default void offerUnheld() {}

    /** A declined address was stored ABANDONED. */
    default void declined(Lease lease) {}

    /** A declined address's probation ended: stored RESET, on its way back to the pool. */
    default void probationEnded(Lease lease) {}

    /** An address answered a ping before it was offered: stored ABANDONED. */
    default void conflict(Lease lease) {}

    EngineMetrics NONE = new EngineMetrics() {};
  }

  public DhcpEngine(
      int serverId,
      List<Subnet> subnets,
      Map<String, Subnet> subnetByInterface,
      LeaseStore store,
      Clock clock,
      EngineMetrics metrics,
      ServicePolicy policy) {
    this.serverId = serverId;
    this.replies = new ReplyBuilder(serverId);
    this.subnets = List.copyOf(subnets);
    this.subnetByInterface = Map.copyOf(subnetByInterface);
    this.store = store;
    this.clock = clock;
    this.metrics = metrics;
    this.policy = policy;
    this.timers = new LeaseTimers(store);
    this.chooser = new AddressChooser(store, () -> this.policy);
    this.reserve = new NewClientReserve(() -> this.policy, clock.millis());
    rebuild();
  }

  public void setPolicy(ServicePolicy policy) {
    this.policy = policy;
  }

  /** How addresses are checked before an offer, in subnets that ask for it (default: not at all). */
  public void setAddressProbe(AddressProbe probe) {
    this.probe = probe;
  }

  /**
   * How long a declined address stays ABANDONED before it goes back to the pool (default a day,
   * as Kea). Call on the engine's thread.
   */
  public void setDeclineProbation(java.time.Duration probation) {
    timers.setDeclineProbation(probation);
    rebuild();
  }

  /**
   * How long an offered address stays held, and how many offers a subnet holds at most (see
   * {@link OfferHolds}: never more than half its pool). Any thread.
   */
  public void setOfferLimits(java.time.Duration hold, int maxPerSubnet) {
    offers.configure(hold, maxPerSubnet);
  }

  /** The reserve of addresses kept for patient new clients ({@code spec.limits}). */
  public NewClientReserve newClientReserve() {
    return reserve;
  }

  public List<Subnet> subnets() {
    return subnets;
  }

  public int serverId() {
    return serverId;
  }

  /**
   * Serves new subnets from now on (a changed configuration): the allocation state is rebuilt from
   * the store, so every binding stays; an address whose range was removed is not handed out again,
   * and its lease lives out its time (renewals get no more than what is left). Call on the engine's
   * thread.
   */
  public void reconfigure(List<Subnet> newSubnets, Map<String, Subnet> newByInterface) {
    this.subnets = List.copyOf(newSubnets);
    this.subnetByInterface = Map.copyOf(newByInterface);
    rebuild();
  }

  /** Rebuilds the allocation state from the store (start-up, or after the partner sent bindings). */
  public void rebuild() {
    long now = nowSeconds();
    timers.clear();
    for (Lease lease : store.all()) {
      observe(lease, now);
    }
  }

  /** Takes a binding that arrived from elsewhere (the failover partner) into the allocation state. */
  public void observe(Lease lease, long now) {
    Subnet s = subnetOf(lease.address());
    if (s != null) {
      timers.watch(lease);
      ObservedBindings.apply(s, lease, now);
    }
  }

  /**
   * Expires offers, leases whose time ran out ({@link LeaseTimers}: an expired lease is stored
   * EXPIRED and its address kept for its client until another needs it) and decline probations.
   */
  public void sweep() {
    long nowMs = clock.millis();
    for (Subnet s : subnets) {
      for (int address : s.expireOffers(nowMs)) {
        Lease l = store.get(address);
        if (l == null || l.state().isAvailable()) {
          s.release(address);
        }
      }
    }
    if (policy.mayExpire()) {
      timers.sweep(nowMs / 1000, policy, metrics, this::subnetOf);
    }
  }

  /**
   * Handles one request. Completes with the reply to send, or null for silence (RFC 2131 requires
   * silence in several cases). A DHCPACK completes only after its binding is durable.
   */
  public CompletionStage<Reply> handle(DhcpMessage request, Ingress ingress) {
    if (!request.cookie() || request.messageType() == null) {
      return silent(Silence.BOOTP);
    }
    ClientKey key = ClientKey.of(request);
    if (key == null) {
      return silent(Silence.NO_CLIENT_ID);
    }
    DhcpMessageType type = request.messageType();
    Subnet subnet = selectSubnet(request, ingress);
    if (subnet == null) {
      return silent(Silence.NO_SUBNET);
    }
    if (type != DhcpMessageType.INFORM && !policy.mayAnswer(request)) {
      return silent(Silence.POLICY);
    }
    return switch (type) {
      case DISCOVER -> discover(request, subnet, key);
      case REQUEST -> request(request, subnet, key);
      case DECLINE -> decline(request, subnet, key);
      case RELEASE -> release(request, subnet, key);
      case INFORM -> inform(request, subnet, ingress);
      default -> silent(Silence.NOT_HANDLED);
    };
  }

  /**
   * Whether the policy leaves every request like this one to the partner now (the hot-standby
   * secondary in NORMAL and its DISCOVERs and REQUESTs): {@link #handle} would be silent, so the
   * server drops it right after decoding, counted as {@link #handle} counts it. Any thread.
   */
  public boolean leftToPartner(DhcpMessage request) {
    DhcpMessageType type = request.messageType();
    if (type == null || !policy.answersNone(type)) {
      return false;
    }
    metrics.silence(Silence.POLICY);
    return true;
  }

  // ---- subnet selection (RFC 2131 §4.3.1: giaddr, else the client's address, else the interface) ----

  Subnet selectSubnet(DhcpMessage request, Ingress ingress) {
    if (request.giaddr() != 0) {
      return subnetOf(request.giaddr());
    }
    // an INFORM without ciaddr: its source address is the client's (ISC dhcpd does the same)
    int client = request.ciaddr() != 0 || request.messageType() != DhcpMessageType.INFORM
        ? request.ciaddr() : ingress.sourceAddress();
    Subnet s = client == 0 ? null : subnetOf(client);
    if (s != null) {
      return s;
    }
    if (ingress.interfaceName() != null) {
      return subnetByInterface.get(ingress.interfaceName());
    }
    return null;
  }

  public Subnet subnetOf(int address) {
    for (Subnet s : subnets) {
      if (s.contains(address)) {
        return s;
      }
    }
    return null;
  }

  // ---- DISCOVER ----

  private CompletionStage<Reply> discover(DhcpMessage req, Subnet subnet, ClientKey key) {
    if (probing.contains(key)) {
      return silent(Silence.PROBING); // the first DISCOVER's offer follows its ping
    }
    return reserve.shedsDiscover(req, subnet, key, clock.millis())
        ? silent(Silence.NEW_CLIENT_RESERVE) : offer(req, subnet, key, 0);
  }

  /**
   * Offers the address {@link #choose} picks. In a subnet with a ping check, an address the client
   * did not hold is pinged first (held for the client meanwhile); one that answers is abandoned
   * and the next is tried, {@link #MAX_PROBES} at most.
   */
  private CompletionStage<Reply> offer(DhcpMessage req, Subnet subnet, ClientKey key, int probes) {
    long nowMs = clock.millis();
    long now = nowMs / 1000;
    Subnet.Offer held = subnet.offer(key);
    int address = chooser.choose(req, subnet, key, now, nowMs);
    if (address == 0) {
      LOG.warn("POOL_EXHAUSTED subnet={} client={}", subnet, key);
      return silent(Silence.POOL_EXHAUSTED);
    }
    if (!offers.hold(subnet, key, address, nowMs)) {
      metrics.offerUnheld();
    }
    boolean offeredBefore = held != null && held.address() == address && held.expiresAt() > nowMs;
    if (subnet.pingTimeoutMillis() == 0 || probes >= MAX_PROBES || offeredBefore
        || subnet.reservationFor(key, ClientKey.hardware(req)) != null || chooser.heldBy(subnet, address, key)) {
      return offerNow(req, subnet, key, address, now);
    }
    probing.add(key);
    return probe.inUse(address, subnet.pingTimeoutMillis())
        .handle((inUse, error) -> error == null && Boolean.TRUE.equals(inUse))
        .thenCompose(inUse -> {
      probing.remove(key);
      if (!inUse) {
        return offerNow(req, subnet, key, address, nowSeconds());
      }
      conflict(subnet, key, address);
      return offer(req, subnet, key, probes + 1);
    });
  }

  private CompletionStage<Reply> offerNow(DhcpMessage req, Subnet subnet, ClientKey key, int address, long now) {
    Lease current = store.get(address);
    long leaseTime = leaseTimeFor(subnet, current, key, now);
    return CompletableFuture.completedFuture(
        replies.build(req, DhcpMessageType.OFFER, subnet, address, 0, leaseTime, null));
  }

  /** Something answered a ping at {@code address}: abandoned, as a declined one, for the probation. */
  private void conflict(Subnet subnet, ClientKey key, int address) {
    subnet.removeOffer(key);
    Lease abandoned = abandon(subnet, address, store.get(address));
    LOG.warn("ADDRESS_CONFLICT ip={} answered a ping before it was offered to client={}: abandoned"
        + " for the decline probation", Ipv4.format(address), key);
    if (abandoned != null) {
      metrics.conflict(abandoned);
    }
  }

  /**
   * Stores {@code address} ABANDONED in place of {@code current} and tells the partner once it is
   * durable; null when the binding changed meanwhile. The PETs stay, so the RESET after probation
   * frees nothing before PET + MCLT (seed 151742: the client took the address again elsewhere).
   */
  private Lease abandon(Subnet subnet, int address, Lease current) {
    long now = nowSeconds();
    Lease abandoned = new Lease(address, BindingState.ABANDONED, null, null, null, now, 0, now,
        current == null ? 0 : current.tstp(), current == null ? 0 : current.tsfp(), Lease.FLAG_UNACKED);
    CompletableFuture<Void> written = store.replace(current, abandoned);
    if (written == null) {
      return null;
    }
    subnet.markTaken(address);
    timers.watch(abandoned);
    written.thenRun(() -> policy.bindingCommitted(abandoned));
    return abandoned;
  }

  // ---- REQUEST (RFC 2131 §4.3.2) ----

  private CompletionStage<Reply> request(DhcpMessage req, Subnet subnet, ClientKey key) {
    DhcpOptions o = req.options();
    int serverIdOption = o.getIpv4(DhcpOptionCode.SERVER_ID.code(), 0);
    int requested = o.getIpv4(DhcpOptionCode.REQUESTED_ADDRESS.code(), 0);
    long nowMs = clock.millis();
    long now = nowMs / 1000;

    if (o.has(DhcpOptionCode.SERVER_ID.code())) {
      // SELECTING
      if (serverIdOption != serverId) {
        subnet.removeOffer(key);
        return silent(Silence.OTHER_SERVER);
      }
      int address = requested != 0 ? requested : req.ciaddr();
      if (address == 0) {
        return silent(Silence.MALFORMED_REQUEST);
      }
      if (!subnet.contains(address) || !chooser.allowedFor(subnet, address, key, req, now, nowMs)) {
        return nak(req, subnet, "requested address not available");
      }
      if (reserve.shedsSelecting(req, subnet, key, address, nowMs)) {
        return silent(Silence.NEW_CLIENT_RESERVE);
      }
      return commit(req, subnet, key, address, now);
    }

    if (requested != 0 && req.ciaddr() == 0) {
      // INIT-REBOOT
      if (!subnet.contains(requested)) {
        return nak(req, subnet, "wrong network");
      }
      Lease current = store.get(requested);
      boolean reserved = isReservedFor(subnet, requested, key, req);
      if (!reserved && (current == null || !AddressChooser.belongs(current, key))) {
        Integer known = subnet.addressOf(key);
        if (known != null || (current != null && current.state() == BindingState.ACTIVE && current.end() > now)) {
          return nak(req, subnet, "address not yours");
        }
        return silent(Silence.UNKNOWN_CLIENT);
      }
      if (!chooser.allowedFor(subnet, requested, key, req, now, nowMs)) {
        return nak(req, subnet, "address not available");
      }
      return commit(req, subnet, key, requested, now);
    }

    if (req.ciaddr() != 0) {
      // RENEWING or REBINDING
      int address = req.ciaddr();
      if (!subnet.contains(address)) {
        return silent(Silence.NOT_OURS);
      }
      Lease current = store.get(address);
      boolean reserved = isReservedFor(subnet, address, key, req);
      if (!reserved && (current == null || !AddressChooser.belongs(current, key))) {
        if (current != null && current.state() == BindingState.ACTIVE && current.end() > now) {
          return nak(req, subnet, "address not yours");
        }
        return silent(Silence.UNKNOWN_CLIENT);
      }
      if (!chooser.allowedFor(subnet, address, key, req, now, nowMs)) {
        return nak(req, subnet, "address not available");
      }
      return commit(req, subnet, key, address, now);
    }
    return silent(Silence.MALFORMED_REQUEST);
  }

  private boolean isReservedFor(Subnet subnet, int address, ClientKey key, DhcpMessage req) {
    Reservation r = subnet.reservationFor(key, ClientKey.hardware(req));
    return r != null && r.address() == address;
  }

  /** Whether {@code key} may be bound to {@code address} (its reservation, its binding, or free). */

  private CompletionStage<Reply> commit(
      DhcpMessage req, Subnet subnet, ClientKey key, int address, long now) {
    Lease current = store.get(address);
    long desired = subnet.leaseTimeSeconds();
    Reservation reservation = subnet.reservationAt(address);
    long leaseTime = leaseTimeFor(subnet, current, key, now);
    if (reservation == null && !subnet.inRange(address)) {
      // its range was removed from the configuration: the lease lives out its time, no longer
      long remaining = current == null || current.state() != BindingState.ACTIVE ? 0 : current.end() - now;
      if (remaining <= 0) {
        return nak(req, subnet, "address no longer in a pool");
      }
      leaseTime = Math.min(leaseTime, remaining);
    }
    return commitFor(req, subnet, key, address, now, current, desired, leaseTime, reservation);
  }

  private CompletionStage<Reply> commitFor(
      DhcpMessage req,
      Subnet subnet,
      ClientKey key,
      int address,
      long now,
      Lease current,
      long desired,
      long leaseTime,
      Reservation reservation) {
    String hostname =
        reservation != null && reservation.hostname() != null
            ? reservation.hostname()
            : req.options().getText(DhcpOptionCode.HOST_NAME.code());
    byte[] clientId = key.isClientId() ? key.bytes() : null;
    // the stored end is never before the end the client computes (request time + lease time,
    // RFC 2131 §4.4.1): the seconds are rounded up
    long end = Math.floorDiv(clock.millis() + 999, 1000) + leaseTime;
    long tstp = Math.max(end, policy.potentialExpiry(now, desired, leaseTime));
    int flags = (reservation != null ? Lease.FLAG_RESERVED : 0) | Lease.FLAG_UNACKED;
    // the partner's PET of an earlier client says nothing about this one
    long tsfp = current != null && AddressChooser.belongs(current, key) ? current.tsfp() : 0;
    Lease lease =
        new Lease(
            address, BindingState.ACTIVE, clientId, ClientKey.hardware(req), hostname, now, end,
            now, tstp, tsfp, flags);
    CompletableFuture<Void> written = store.replace(current, lease);
    if (written == null) {
      LOG.info("LEASE_RACE ip={} client={}: the binding changed meanwhile; no DHCPACK", Ipv4.format(address), key);
      return silent(Silence.NOT_HANDLED);
    }
    subnet.removeOffer(key);
    subnet.forgetClientOf(address, key);
    subnet.bind(key, address);
    timers.watch(lease);
    Reply ack = replies.build(req, DhcpMessageType.ACK, subnet, address, req.ciaddr(), leaseTime, null);
    return written
        .handle(
            (ok, error) -> {
              if (error != null) {
                LOG.warn(
                    "LEASE_NOT_STORED ip={} client={} reason={}: no DHCPACK sent",
                    Ipv4.format(address), key, rootMessage(error));
                metrics.silence(Silence.STORE_UNAVAILABLE);
                return null;
              }
              LEASES.info(
                  "LEASE_ACK ip={} client={} lease={}s", Ipv4.format(address), key, leaseTime);
              metrics.committed(lease);
              policy.bindingCommitted(lease);
              return ack;
            });
  }

  /** The lease time for {@code key}: what the partner knows of another client does not count. */
  private long leaseTimeFor(Subnet subnet, Lease current, ClientKey key, long now) {
    Lease own = current != null && AddressChooser.belongs(current, key) ? current : null;
    long desired = reserve.leaseTime(key, own != null, subnet.leaseTimeSeconds(), clock.millis());
    return Math.max(1, Math.min(desired, policy.leaseTime(own, desired, now)));
  }

  // ---- DECLINE, RELEASE, INFORM ----

  private CompletionStage<Reply> decline(DhcpMessage req, Subnet subnet, ClientKey key) {
    int address = req.options().getIpv4(DhcpOptionCode.REQUESTED_ADDRESS.code(), 0);
    Lease current = address == 0 ? null : store.get(address);
    if (current == null || !AddressChooser.belongs(current, key)) {
      return silent(Silence.UNKNOWN_CLIENT);
    }
    Lease abandoned = abandon(subnet, address, current);
    if (abandoned == null) {
      return silent(Silence.NOT_HANDLED);
    }
    subnet.forgetClient(key);
    LOG.warn("ADDRESS_DECLINED ip={} client={}: abandoned for the decline probation", Ipv4.format(address), key);
    metrics.declined(abandoned);
    return silent(null);
  }

  private CompletionStage<Reply> release(DhcpMessage req, Subnet subnet, ClientKey key) {
    int address = req.ciaddr();
    Lease current = address == 0 ? null : store.get(address);
    if (current == null || !AddressChooser.belongs(current, key) || current.state() != BindingState.ACTIVE) {
      return silent(Silence.UNKNOWN_CLIENT);
    }
    int to = req.options().getIpv4(DhcpOptionCode.SERVER_ID.code(), 0);
    if (current.hasFlag(Lease.FLAG_PARTNER) && to == serverId) {
      // the client's current lease is the partner's: a RELEASE addressed to us speaks of an
      // earlier one of ours (a datagram that waited in a socket buffer while we were stalled)
      LOG.info("RELEASE_STALE ip={} client={}: its lease is the partner's", Ipv4.format(address), key);
      return silent(Silence.OTHER_SERVER);
    }
    long now = nowSeconds();
    Lease released = current.withState(BindingState.RELEASED, now);
    released =
        new Lease(address, BindingState.RELEASED, released.clientId(), released.hardware(),
            released.hostname(), now, now, now, released.tstp(), released.tsfp(),
            released.flags() | Lease.FLAG_UNACKED);
    CompletableFuture<Void> written = store.replace(current, released);
    if (written == null) {
      return silent(Silence.NOT_HANDLED);
    }
    subnet.remember(address);
    LEASES.info("LEASE_RELEASED ip={} client={}", Ipv4.format(address), key);
    Lease stored = released;
    written.thenRun(() -> policy.bindingCommitted(stored));
    return silent(null);
  }

  private CompletionStage<Reply> inform(DhcpMessage req, Subnet subnet, Ingress ingress) {
    Reply ack = replies.informAck(req, subnet, ingress.sourceAddress());
    return ack == null ? silent(Silence.MALFORMED_REQUEST) : CompletableFuture.completedFuture(ack);
  }

  private CompletionStage<Reply> nak(DhcpMessage req, Subnet subnet, String message) {
    ClientKey key = ClientKey.of(req);
    if (key != null) {
      subnet.removeOffer(key);
    }
    return CompletableFuture.completedFuture(
        replies.build(req, DhcpMessageType.NAK, subnet, 0, 0, -1, message));
  }

  // ---- helpers ----


  private CompletionStage<Reply> silent(Silence reason) {
    if (reason != null) {
      metrics.silence(reason);
    }
    return CompletableFuture.completedFuture(null);
  }

  private long nowSeconds() {
    return clock.millis() / 1000;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c != c.getCause()) {
      c = c.getCause();
    }
    return c.getMessage();
  }

  /** Counts of range addresses per state, for /status and metrics. */
  public record Counts(long active, long free, long backup, long expired, long abandoned) {}

  /** Address counts of {@code subnet} (iterates its ranges: call from any thread, it reads the store). */
  public Counts counts(Subnet subnet) {
    return AddressCounts.of(subnet, store, policy.initialState(), nowSeconds());
  }

  /** All subnets' counts added up. */
  public Counts totals() {
    return AddressCounts.sum(subnets.stream().map(this::counts).toList());
  }
}
