package io.dhcpfailover.node.failover;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.failover.FailoverBinding;
import io.dhcpfailover.node.codec.failover.FailoverMessage;
import io.dhcpfailover.node.codec.failover.RejectReason;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.LeaseStore;
import io.dhcpfailover.node.util.Ipv4;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lazy binding updates (draft §7; digest §F): the backlog of BNDUPDs to send (one per address, the
 * newest), those in flight, the answers to BNDACK, BNDUPD, UPDREQ and UPDREQALL. Part of {@link
 * FailoverCore} and confined to its thread.
 *
 * <p>Every write to the store is a compare-and-set against the version read ({@link
 * LeaseStore#replace}), so a binding the DHCP thread changed meanwhile is never overwritten by an
 * older one.
 */
final class BindingSync {
  private static final Logger LOG = LoggerFactory.getLogger(BindingSync.class);
  private static final int CAS_TRIES = 8;

  private final FailoverCore core;
  private final LeaseStore store;
  private final Consumer<Lease> observer;
  private final PoolBalancer balancer;
  private final Executor loop;

  /** What to send, one entry per address (the newest version), in first-queued order. */
  private final LinkedHashMap<Integer, Lease> queue = new LinkedHashMap<>();
  private final Map<Long, Lease> inflight = new HashMap<>();
  /** Own changes made before the node recovered: sent only once it has (digest §D.5 RECOVER). */
  private final LinkedHashMap<Integer, Lease> held = new LinkedHashMap<>();
  /** Updates the partner refused, to offer again while they are still what the store holds. */
  private final LinkedHashMap<Integer, Lease> refused = new LinkedHashMap<>();
  private long refusedRetryAt;
  /** The partner has sent a binding with a client: it has served someone. */
  private boolean partnerKnowsClients;
  /** The partner asked for every binding while recovering (UPDREQALL). */
  private boolean partnerAskedAll;
  private static final long REFUSED_RETRY_SECONDS = 10;
  private Long upddoneXid;
  private Runnable whenDrained;
  private final EarlyExpiries early = new EarlyExpiries();
  /** Received BNDUPDs not yet on disk (and so not yet acknowledged). */
  private int unstored;

  BindingSync(FailoverCore core, LeaseStore store, Consumer<Lease> observer, PoolBalancer balancer, Executor loop) {
    this.core = core;
    this.store = store;
    this.observer = observer;
    this.balancer = balancer;
    this.loop = loop;
  }

  int inflight() {
    return inflight.size();
  }

  int unstored() {
    return unstored;
  }

  int queued() {
    return queue.size();
  }

  /** Whether the partner acknowledged every change of ours. */
  boolean allAcknowledged() {
    if (!queue.isEmpty() || !inflight.isEmpty() || !held.isEmpty()) {
      return false;
    }
    for (Lease l : store.all()) {
      if (l.hasFlag(Lease.FLAG_UNACKED) && !primaryExpires(l)) {
        return false;
      }
    }
    return true;
  }

  /** Runs {@code task} once nothing is queued or in flight (now, if so already). */
  void whenDrained(Runnable task) {
    whenDrained = task;
    pump();
  }

  /** A binding changed here: queue it (or hold it while this node has not recovered). */
  void committed(Lease lease) {
    if (primaryExpires(lease)) {
      LOG.debug("FAILOVER_EXPIRY_LEFT_TO_PRIMARY ip={}", Ipv4.format(lease.address()));
      return;
    }
    if (unrecovered(core.machine().state())) {
      held.put(lease.address(), lease);
      return;
    }
    Lease stored = store.get(lease.address());
    if (stored != null && !stored.equals(lease)) {
      // superseded while it was being made durable: by the partner's update (which it knows), or
      // by a later binding of ours (sent when that one is durable). Sending this one would undo
      // either at the partner: a RELEASE that waited in a stalled node's socket, written just
      // before the partner's newer lease for the same client arrived, freed that lease there
      // (seed 139262)
      LOG.debug("FAILOVER_UPDATE_SUPERSEDED ip={}", Ipv4.format(lease.address()));
      return;
    }
    queue.put(lease.address(), lease);
    pump();
  }

  private static boolean unrecovered(ServerState s) {
    return s == ServerState.STARTUP || s == ServerState.RECOVER;
  }

  boolean partnerKnowsClients() {
    return partnerKnowsClients;
  }

  /** A new partner state: the fence on its answers lasts while it recovers. */
  void partnerStateChanged(ServerState partner) {
    if (partner != ServerState.RECOVER && partner != ServerState.RECOVER_WAIT && partner != ServerState.RECOVER_DONE) {
      partnerAskedAll = false;
    }
  }

  void stateChanged(ServerState from, ServerState to) {
    if (!unrecovered(to) && !held.isEmpty()) {
      held.forEach(queue::putIfAbsent);
      held.clear();
    }
  }

  /**
   * Whether {@code lease} is an expiry that only the primary reports (digest §F.3, §J.19;
   * capture f-lease-expiry): ISC's primary refuses BNDUPD(EXPIRED) from the secondary for an
   * address it holds ACTIVE and expires every lease itself. Replies to UPDREQ/UPDREQALL still
   * carry it. Not a lease the primary never acknowledged (no PET from it: the secondary granted it
   * while cut off, and it ended before the link came back): the primary never heard of it and
   * would never expire it, so the address would stay EXPIRED here and in the secondary's pool
   * there; that expiry is sent (ISC as primary accepts anything for an address it holds BACKUP).
   */
  private boolean primaryExpires(Lease lease) {
    return core.settings().role() == Role.SECONDARY && lease.state() == BindingState.EXPIRED && lease.tsfp() > 0;
  }

  /** The link went down: in-flight updates are sent again after reconnecting (digest §F.2.6). */
  void linkDropped() {
    for (Lease l : inflight.values()) {
      queue.putIfAbsent(l.address(), l);
    }
    inflight.clear();
    upddoneXid = null;
    refreshQueue();
  }

  /**
   * Re-queues every binding the partner has not acknowledged. The store holds the newest version
   * of each, so that is what is queued, never an older copy that was in flight.
   */
  void requeueUnacked() {
    Set<Integer> addresses = new HashSet<>(queue.keySet());
    for (Lease l : inflight.values()) {
      addresses.add(l.address());
    }
    inflight.clear();
    for (Lease l : store.all()) {
      if (l.hasFlag(Lease.FLAG_UNACKED)) {
        addresses.add(l.address());
      }
    }
    for (int a : addresses) {
      Lease l = store.get(a);
      if (l != null && l.hasFlag(Lease.FLAG_UNACKED) && !primaryExpires(l) && !held.containsKey(a)) {
        queue.put(a, l);
      } else if (l == null || !l.hasFlag(Lease.FLAG_UNACKED)) {
        queue.remove(a);
      }
    }
  }

  /** Replaces queued copies by the store's current version, so only the newest goes out. */
  private void refreshQueue() {
    for (Map.Entry<Integer, Lease> e : queue.entrySet()) {
      Lease now = store.get(e.getKey());
      if (now != null && now.hasFlag(Lease.FLAG_UNACKED)) {
        e.setValue(now);
      }
    }
  }

  /**
   * Offers refused updates again (an expiry that arrived before the partner's copy of the lease
   * ended, say), while the store still holds the version that was refused.
   */
  void retryRefused(long now) {
    if (refused.isEmpty() || now < refusedRetryAt) {
      return;
    }
    for (Lease l : refused.values()) {
      if (l.equals(store.get(l.address())) && !queue.containsKey(l.address())) {
        queue.put(l.address(), l);
      }
    }
    refused.clear();
  }

  /** Sends queued updates while fewer than the partner's max-unacked are in flight. */
  void pump() {
    ServerState state = core.machine().state();
    if (!core.linkUp() || state == ServerState.STARTUP) {
      return;
    }
    long now = core.now();
    Iterator<Map.Entry<Integer, Lease>> it = queue.entrySet().iterator();
    while (inflight.size() < core.partnerWindow() && it.hasNext()) {
      Lease l = it.next().getValue();
      it.remove();
      long xid = core.nextXid();
      inflight.put(xid, l);
      core.send(FailoverMessage.bndupd(now, xid, WireBinding.toBinding(l)));
    }
    if (queue.isEmpty() && inflight.isEmpty()) {
      if (upddoneXid != null) {
        LOG.info("FAILOVER_UPDDONE_SENT");
        core.send(FailoverMessage.upddone(now, upddoneXid));
        upddoneXid = null;
      }
      if (whenDrained != null) {
        Runnable r = whenDrained;
        whenDrained = null;
        r.run();
      }
    }
  }

  void receiveAck(FailoverMessage m, long now) {
    Lease sent = inflight.remove(m.xid());
    if (sent == null) {
      LOG.debug("FAILOVER_BNDACK_UNMATCHED xid={}", m.xid());
      return;
    }
    if (m.rejectReason().isPresent()) {
      LOG.warn("FAILOVER_BNDUPD_REJECTED ip={} reason={} message={}", Ipv4.format(sent.address()), m.rejectReason().get(), m.message().orElse(""));
      if (refused.isEmpty()) {
        refusedRetryAt = now + REFUSED_RETRY_SECONDS;
      }
      refused.put(sent.address(), sent);
      pump();
      return;
    }
    long pet = Math.max(Math.max(sent.tstp(), sent.tsfp()), sent.end());
    // a partner that is recovering may have lost what it did alone: its "yes" to an expiry does
    // not free the address before the PET + MCLT
    int fence = partnerRecovering() ? Lease.FLAG_FENCED : 0;
    Lease acked;
    if (sent.state() == BindingState.EXPIRED || sent.state() == BindingState.RELEASED || sent.state() == BindingState.RESET) {
      // acknowledged: the address is free again, owned by the primary (digest §F.2.5); the PETs
      // stay, for reuse in PARTNER-DOWN (digest §E.3 safety note)
      acked = new Lease(sent.address(), BindingState.FREE, sent.clientId(), sent.hardware(), sent.hostname(), now, sent.end(), sent.cltt(), sent.tstp(), pet, (sent.flags() & ~Lease.FLAG_UNACKED) | fence);
    } else {
      acked = new Lease(sent.address(), sent.state(), sent.clientId(), sent.hardware(), sent.hostname(), sent.start(), sent.end(), sent.cltt(), sent.tstp(), pet, sent.flags() & ~Lease.FLAG_UNACKED);
    }
    // only the version that was sent is settled by this answer; a newer one stays unacked. No
    // fsync of its own: lost in a crash, the version still unacked is sent again after restart
    if (store.replaceLazily(sent, acked) != null) {
      observer.accept(acked);
    }
    pump();
  }

  void receiveUpdate(FailoverMessage m, long now) {
    long xid = m.xid();
    if (!FailoverBinding.hasRequiredOptions(m)) {
      core.send(FailoverMessage.bndackReject(now, xid, m.assignedIpAddress().orElse(0), RejectReason.MISSING_BINDING_INFORMATION, "assigned-IP-address and binding-status are required"));
      return;
    }
    FailoverBinding b = WireBinding.inOurClock(FailoverBinding.from(m), core.skew());
    BindingState incoming = BindingState.fromCode(b.bindingStatus());
    partnerKnowsClients |= b.hardware() != null || b.clientId() != null;
    LOG.debug("FAILOVER_BNDUPD_RECEIVED ip={} xid={} status={}", Ipv4.format(b.address()), xid, incoming);
    if (incoming == null || !balancer.serves(b.address())) {
      core.send(FailoverMessage.bndackReject(now, xid, b.address(), incoming == null ? RejectReason.MISSING_BINDING_INFORMATION : RejectReason.ILLEGAL_IP_ADDRESS,
          incoming == null ? "unknown binding status " + b.bindingStatus() : "address in no pool of this relationship"));
      return;
    }
    for (int attempt = 0; attempt < CAS_TRIES; attempt++) {
      Lease stored0 = store.get(b.address());
      // an address the store never saw is in the primary's FREE pool
      Lease current = stored0 != null ? stored0 : Lease.available(b.address(), BindingState.FREE, 0);
      Lease pending = pendingFor(b.address());
      if (pending == null && current.hasFlag(Lease.FLAG_UNACKED)) {
        pending = current; // our change the partner refused or has not heard of yet
      }
      BindingUpdateRules.Verdict v =
          ReceivedBindings.cannotVouch(current, b, core.machine().state(), core.bindingsUncertainUntil(), now);
      if (v == null) {
        v = BindingUpdateRules.evaluate(core.settings().role(), core.machine().state(), current, b,
            pending == null ? null : WireBinding.toBinding(pending), now);
      }
      if (!v.accepted() && EarlyExpiries.expiresSoon(current, incoming, now)) {
        early.hold(m, core.currentLink(), current.end());
        return;
      }
      if (!v.accepted()) {
        LOG.info("FAILOVER_BNDUPD_REFUSED ip={} incoming={} current={}: {}", Ipv4.format(b.address()), incoming, current.state(), v.message());
        core.send(FailoverMessage.bndackReject(now, xid, b.address(), v.reason(), v.message()));
        if (pending == null && stored0 != null && current.state() == BindingState.ACTIVE && current.end() > now) {
          // the partner does not know this running lease (it lost its store, say): tell it
          queue.put(current.address(), current);
          pump();
        }
        return;
      }
      Lease lease = ReceivedBindings.toStore(b, v.storeAs(), current, core.machine().state(), core.machine().mclt(), now);
      CompletableFuture<Void> written = store.replace(stored0, lease);
      if (written == null) {
        continue; // the DHCP thread changed the binding meanwhile: decide again on the new one
      }
      if (v.dropOwnPending()) {
        inflight.values().removeIf(l -> l.address() == b.address());
      }
      queue.remove(b.address()); // superseded
      unstored++;
      core.throttle(unstored);
      Object linkAtReceipt = core.currentLink();
      written.whenComplete((ok, error) -> loop.execute(() -> stored(lease, xid, error, linkAtReceipt)));
      return;
    }
    core.send(FailoverMessage.bndackReject(now, xid, b.address(), RejectReason.UNKNOWN_REASON, "binding busy, resend"));
  }

  /** Takes up the expiries that arrived early once their lease has ended here. */
  void retryEarlyExpiries(long now) {
    for (FailoverMessage m : early.due(core.currentLink(), now)) {
      receiveUpdate(m, now);
    }
  }

  private void stored(Lease lease, long xid, Throwable error, Object linkAtReceipt) {
    unstored--;
    core.throttle(unstored);
    if (error != null) {
      LOG.warn("FAILOVER_BNDUPD_NOT_STORED ip={}: {}", Ipv4.format(lease.address()), error.getMessage());
      return; // no BNDACK for what is not on disk: the partner resends
    }
    observer.accept(lease);
    if (linkAtReceipt != null && linkAtReceipt == core.currentLink()) {
      core.send(FailoverMessage.bndack(core.now(), xid, lease.address()));
    }
  }

  /** Recovering after asking for every binding (UPDREQALL): it may have lost what it did alone. */
  private boolean partnerRecovering() {
    ServerState p = core.machine().partnerState();
    return partnerAskedAll
        && (p == ServerState.RECOVER || p == ServerState.RECOVER_WAIT || p == ServerState.RECOVER_DONE);
  }

  /**
   * The partner says it is recovering, perhaps because it lost its stable storage: a client it
   * served alone may hold any address this node knows a PET for until that PET + MCLT, so every
   * binding is fenced until then (digest §E.3). That includes a lease still ACTIVE here: the
   * partner may have renewed its client past the end known here, up to the PET + MCLT, and once
   * that end passes the expiry would otherwise free the address.
   */
  void fenceForRecoveringPartner(long now, long mclt) {
    for (Lease l : store.all()) {
      if (l.state() == BindingState.BACKUP || l.hasFlag(Lease.FLAG_FENCED)) {
        continue;
      }
      if (l.state() == BindingState.ACTIVE && Math.max(l.tstp(), l.tsfp()) <= l.end()) {
        continue; // the partner knows no PET past the end known here
      }
      Lease fenced = l.withFlags(l.flags() | Lease.FLAG_FENCED);
      if (!ReallocationPolicy.fenced(fenced, mclt, now)) {
        continue;
      }
      if (store.replace(l, fenced) != null) {
        observer.accept(fenced);
      }
    }
  }

  /** Our unacknowledged update for {@code address}: queued or in flight. */
  private Lease pendingFor(int address) {
    Lease q = queue.get(address);
    if (q != null) {
      return q;
    }
    Lease newest = null;
    for (Lease l : inflight.values()) {
      if (l.address() == address && (newest == null || l.cltt() >= newest.cltt())) {
        newest = l;
      }
    }
    return newest;
  }

  void answerUpdateRequest(long xid, boolean all) {
    LOG.info("FAILOVER_UPDATE_REQUEST_RECEIVED all={}", all);
    partnerAskedAll = all || partnerAskedAll;
    for (Lease l : store.all()) {
      if (all || l.hasFlag(Lease.FLAG_UNACKED)
          || l.state() == BindingState.EXPIRED || l.state() == BindingState.RELEASED || l.state() == BindingState.RESET) {
        queue.put(l.address(), l);
      }
    }
    upddoneXid = xid;
    pump();
  }

  /** Primary: queues the pool-balancing moves (digest §G). */
  int balance(Mode mode, long now) {
    List<Lease> moves = balancer.backupMoves(mode, now);
    for (Lease l : moves) {
      queue.put(l.address(), l);
    }
    if (!moves.isEmpty()) {
      LOG.info("FAILOVER_POOL_BALANCED backup+={}", moves.size());
    }
    pump();
    return moves.size();
  }
}
