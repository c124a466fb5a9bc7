package io.dhcpfailover.node.failover;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.failover.FailoverMessage;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.LeaseStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover protocol core of one node (draft-ietf-dhc-failover-12 §5; digest §A–§G): the
 * handshake checks, the state machine, lazy binding updates ({@link BindingSync}), recovery and
 * pool balancing, with no sockets and no threads of its own. Events come in as method calls
 * (connection opened, message received, connection closed, timer tick, binding committed) and leave
 * as messages on a {@link PeerConnection}, writes to the lease store and the state store, and tasks
 * on {@code loop}. The Netty adapter ({@link FailoverEndpoint}) and the simulator drive the same
 * core.
 *
 * <p>Confined to one thread: every call, and every task it puts on {@code loop}, runs there.
 */
public final class FailoverCore {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverCore.class);
  static final long HANDSHAKE_SECONDS = 15;
  /**
   * ISC's limit on the clock difference at the handshake; times in binding updates are moved by
   * the difference measured there ({@link WireBinding#inOurClock}).
   */
  public static final long MAX_SKEW_SECONDS = 60;
  private static final long BALANCE_EVERY_SECONDS = 60;

  private final FailoverSettings settings;
  private final Clock clock;
  private final FailoverStateStore stateStore;
  private final FailoverStateMachine machine;
  private final BindingSync sync;
  private final boolean storeWasEmpty;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final List<FailoverConnection> opening = new ArrayList<>();
  private final ArrayDeque<Runnable> afterShutdownState = new ArrayDeque<>();
  private volatile FailoverSnapshot snapshot;

  private FailoverConnection link;
  private long partnerMaxUnacked;
  private long partnerReceiveTimer;
  private byte[] hba;
  private long lastContact;
  /** The last message from the partner before the current link (0: none since this start). */
  private long contactBeforeLink;
  /** The xid of an UPDREQALL sent only to learn the partner's bindings (-1: none). */
  private long learnXid = -1;
  private long lastBalance;
  /** The partner's clock minus ours (seconds), measured at the handshake. */
  private long skew;

  /**
   * @param observer told about every binding the partner sent or the core changed, so the DHCP
   *     engine can update its allocation state
   * @param loop the core's own thread, for completions of store writes
   */
  public FailoverCore(
      FailoverSettings settings,
      LeaseStore store,
      Clock clock,
      FailoverStateStore stateStore,
      Consumer<Lease> observer,
      PoolBalancer balancer,
      Executor loop) {
    this.settings = settings;
    this.clock = clock;
    this.stateStore = stateStore;
    this.storeWasEmpty = store.all().isEmpty();
    this.machine = new FailoverStateMachine(settings.role(), settings.mclt(), settings.autoPartnerDown());
    this.sync = new BindingSync(this, store, observer, balancer, loop);
    this.hba =
        settings.role() == Role.PRIMARY
            ? LoadBalanceHash.hbaForSplit(settings.mode() == Mode.HOT_STANDBY ? 256 : settings.split())
            : null;
    this.partnerMaxUnacked = settings.maxUnacked();
    this.partnerReceiveTimer = settings.maxResponseDelay();
    publish();
  }

  // ---- life cycle ----

  /** Reads the persisted state and enters STARTUP (digest §D.2). */
  public void start() throws IOException {
    FailoverStateRecord persisted;
    try {
      persisted = stateStore.read();
    } catch (IOException e) {
      throw new IOException("cannot read failover state " + stateStore.describe() + ": " + e.getMessage(), e);
    }
    LOG.info("FAILOVER_STARTUP role={} persisted={} storeEmpty={}", settings.role(), persisted, storeWasEmpty);
    apply(machine.startup(persisted, now(), storeWasEmpty));
  }

  /**
   * Controlled shutdown (digest §D.5): sends STATE(SHUTDOWN) so the partner moves to PARTNER-DOWN
   * at once; {@code confirmed} runs when the partner says so, or at once without a link.
   */
  public void shutdown(Runnable confirmed) {
    LOG.info("FAILOVER_SHUTDOWN state={} partner={}", machine.state(), machine.partnerState());
    apply(machine.shutdown(now(), sync.allAcknowledged()));
    if (link == null) {
      confirmed.run();
    } else {
      afterShutdownState.add(confirmed);
    }
  }

  /** Operator command: PARTNER-DOWN now (digest §D.5). Returns the new state. */
  public ServerState adminPartnerDown() {
    LOG.warn(
        "ADMIN_PARTNER_DOWN: told that the partner is down; this node will serve all clients"
            + " and reclaim the partner's addresses after MCLT. Wrong if the partner is still serving.");
    apply(machine.adminPartnerDown(now()));
    return machine.state();
  }

  /** Called when the state (or anything in the snapshot) changes. Any thread. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Any thread. */
  public FailoverSnapshot snapshot() {
    return snapshot;
  }

  public FailoverSettings settings() {
    return settings;
  }

  /** Whether the transport should open a connection to the partner. */
  public boolean wantsConnection() {
    return link == null;
  }

  /** The engine committed a binding: tell the partner (lazily, draft §5.1). */
  public void bindingCommitted(Lease lease) {
    sync.committed(lease);
  }

  // ---- transport events ----

  /**
   * A connection to or from the partner's address is open. The primary sends CONNECT on every
   * connection and keeps the first accepted; the secondary answers the first CONNECT (digest §A.1).
   */
  public FailoverConnection opened(PeerConnection io) {
    long now = now();
    FailoverConnection c = new FailoverConnection(io, now);
    opening.add(c);
    if (settings.role() == Role.PRIMARY) {
      io.send(Handshake.connect(settings, c.xid(), now, machine.mclt(), hba));
      c.lastSent = now;
    }
    return c;
  }

  /** A message arrived on {@code c}. */
  public void received(FailoverConnection c, FailoverMessage m) {
    long now = now();
    c.lastReceived = now;
    if (!c.established) {
      handshake(c, m, now);
      return;
    }
    if (c != link) {
      return;
    }
    lastContact = now;
    switch (m.type()) {
      case STATE -> {
        ServerState reported = m.serverState().orElse(null);
        if (reported == ServerState.RECOVER_DONE && machine.state() == ServerState.PARTNER_DOWN
            && sync.inflight() + sync.queued() > 0) {
          // what this node did alone goes to the partner before STATE(NORMAL) lets it allocate:
          // NORMAL follows once every update is acknowledged (TCP keeps them in order)
          int flags = m.serverFlags().orElse(0);
          LOG.info("FAILOVER_NORMAL_AFTER_UPDATES queued={} inflight={}", sync.queued(), sync.inflight());
          sync.whenDrained(() -> {
            if (link == c && machine.state() == ServerState.PARTNER_DOWN) {
              apply(machine.partnerState(ServerState.RECOVER_DONE, flags, now()));
            }
          });
        } else if (reported == null) {
          apply(machine.partnerStateInvalid(m.serverStateCode().orElse(-1), now));
        } else {
          apply(machine.partnerState(reported, m.serverFlags().orElse(0), now));
        }
        if (machine.state() == ServerState.SHUTDOWN && reported == ServerState.PARTNER_DOWN) {
          while (!afterShutdownState.isEmpty()) {
            afterShutdownState.poll().run();
          }
        }
      }
      case BNDUPD -> sync.receiveUpdate(m, now);
      case BNDACK -> sync.receiveAck(m, now);
      case UPDREQ -> sync.answerUpdateRequest(m.xid(), false);
      case UPDREQALL -> {
        // the partner lost its bindings (or, like ISC, asks for all whenever it recovers)
        sync.fenceForRecoveringPartner(now, machine.mclt());
        // it enters PARTNER-DOWN after the last message we had from it, and takes our addresses
        // MCLT after that: before, it cannot have given any we do not know of (0: unknown)
        apply(machine.partnerAskedForAll(now,
            contactBeforeLink == 0 || now + WireBinding.SKEW_MARGIN >= contactBeforeLink + machine.mclt()));
        sync.answerUpdateRequest(m.xid(), true);
      }
      case UPDDONE -> {
        LOG.info("FAILOVER_UPDDONE_RECEIVED state={}", machine.state());
        if (m.xid() != learnXid) {
          apply(machine.updatesDone(now, sync.partnerKnowsClients()));
        }
        learnXid = m.xid() == learnXid ? -1 : learnXid; // an answer only to learn moves no state
      }
      case POOLREQ -> {
        int moved = settings.role() == Role.PRIMARY ? balance() : 0;
        send(FailoverMessage.poolresp(now, m.xid(), moved));
      }
      case POOLRESP -> LOG.info("FAILOVER_POOLRESP transferred={}", m.addressesTransferred().orElse(0));
      case CONTACT -> {}
      case DISCONNECT -> {
        LOG.warn("FAILOVER_DISCONNECT_RECEIVED reason={} message={}", m.rejectReason().orElse(null), m.message().orElse(""));
        c.io.close();
      }
      case CONNECT, CONNECTACK -> {
        LOG.warn("FAILOVER_UNEXPECTED {} on an established link: closing it", m.type());
        c.io.close();
      }
    }
    publish();
  }

  /** The connection {@code c} closed (either side, or a reset). */
  public void closed(FailoverConnection c) {
    opening.remove(c);
    if (c == link) {
      LOG.warn("FAILOVER_LINK_DOWN remote={}", c.io.remote());
      dropLink();
      apply(machine.linkDown(now()));
      publish();
    }
  }

  /** The once-a-second timer: state machine timers, handshake and receive timeouts, CONTACT. */
  public void tick() {
    long now = now();
    apply(machine.tick(now));
    for (FailoverConnection c : new ArrayList<>(opening)) {
      if (!c.established && now - c.openedAt > HANDSHAKE_SECONDS) {
        LOG.info("FAILOVER_HANDSHAKE_TIMEOUT remote={}", c.io.remote());
        opening.remove(c);
        c.io.close();
      }
    }
    if (link != null) {
      FailoverConnection c = link;
      if (now - c.lastReceived > settings.maxResponseDelay()) {
        LOG.warn("FAILOVER_RECEIVE_TIMEOUT: nothing from the partner for {} s", now - c.lastReceived);
        dropLink();
        c.io.close();
        apply(machine.receiveTimerExpired(now));
      } else if (now - c.lastSent >= Math.max(1, partnerReceiveTimer / 3)) {
        send(FailoverMessage.contact(now, c.xid()));
      }
    }
    if (settings.role() == Role.PRIMARY && now - lastBalance >= BALANCE_EVERY_SECONDS) {
      balance(); // only in NORMAL, linked
    }
    sync.retryRefused(now);
    sync.retryEarlyExpiries(now);
    sync.pump();
    publish();
  }

  // ---- handshake (digest §A.1, §C) ----

  private void handshake(FailoverConnection c, FailoverMessage m, long now) {
    Handshake.Terms t = Handshake.answer(settings, c, m, now, link != null, hba);
    if (t == null) {
      return;
    }
    partnerMaxUnacked = t.maxUnacked();
    partnerReceiveTimer = t.receiveTimer();
    hba = t.hba();
    skew = t.skew();
    if (settings.role() == Role.SECONDARY) {
      apply(machine.mcltLearned(t.mclt()));
    }
    established(c, now);
  }

  private void established(FailoverConnection c, long now) {
    c.established = true;
    opening.remove(c);
    link = c;
    contactBeforeLink = lastContact;
    lastContact = now;
    LOG.info("FAILOVER_LINK_UP remote={} partnerMaxUnacked={} partnerReceiveTimer={}", c.io.remote(), partnerMaxUnacked, partnerReceiveTimer);
    if (settings.role() == Role.PRIMARY) {
      for (FailoverConnection other : new ArrayList<>(opening)) {
        opening.remove(other);
        other.io.close();
      }
    }
    apply(machine.linkUp(now));
    publish();
  }

  private void dropLink() {
    link = null;
    sync.linkDropped();
  }

  // ---- what BindingSync needs of the link ----

  boolean linkUp() {
    return link != null;
  }

  /** The established connection, or null: BNDACKs go only on the connection of their BNDUPD. */
  Object currentLink() {
    return link;
  }

  long nextXid() {
    return link.xid();
  }

  void send(FailoverMessage m) {
    if (link == null) {
      return;
    }
    link.lastSent = now();
    link.io.send(m);
  }

  /** The partner's clock minus ours in seconds, as measured when the link came up. */
  long skew() {
    return skew;
  }

  long partnerWindow() {
    return Math.max(1, partnerMaxUnacked);
  }

  /** The state machine, for BindingSync's reads (its transitions go through this class). */
  FailoverStateMachine machine() {
    return machine;
  }

  /** The transport's writability changed. */
  public void writabilityChanged(FailoverConnection c) {
    if (c == link) {
      throttle(sync.unstored());
    }
  }

  /** Backpressure: stop reading while too much waits for the disk or the partner does not read. */
  void throttle(int unstored) {
    if (link == null) {
      return;
    }
    int limit = Math.max(64, 4 * settings.maxUnacked());
    link.io.reading(link.io.writable() && unstored < limit);
  }

  long now() {
    return clock.millis() / 1000;
  }

  // ---- the state machine's actions ----

  private void apply(Transition t) {
    if (t.changed()) {
      LOG.info("FAILOVER_STATE {} -> {} partner={}", t.from(), t.to(), machine.partnerState());
    }
    for (FailoverAction a : t.actions()) {
      if (a instanceof FailoverAction.SendState s) {
        if (link != null) {
          send(FailoverMessage.state(now(), link.xid(), s.state(), s.flags(), s.startTimeOfState()));
        }
      } else if (a instanceof FailoverAction.SendUpdateRequest r) {
        if (link != null) {
          long xid = link.xid();
          learnXid = r.onlyToLearn() ? xid : learnXid;
          LOG.info("FAILOVER_UPDATE_REQUEST all={} onlyToLearn={}", r.all(), r.onlyToLearn());
          send(r.all() ? FailoverMessage.updreqall(now(), xid) : FailoverMessage.updreq(now(), xid));
        }
      } else if (a instanceof FailoverAction.ResendUpdates) {
        sync.requeueUnacked();
      } else if (a instanceof FailoverAction.BalancePools) {
        if (settings.role() == Role.PRIMARY) {
          balance();
        }
      } else if (a instanceof FailoverAction.PersistState p) {
        try {
          stateStore.write(p.record());
        } catch (IOException e) {
          LOG.error("FAILOVER_STATE_NOT_PERSISTED {}: {}", stateStore.describe(), e.getMessage());
        }
      } else if (a instanceof FailoverAction.CloseLink) {
        if (link != null) {
          FailoverConnection old = link;
          dropLink();
          old.io.close();
        }
      } else if (a instanceof FailoverAction.ProtocolViolation v) {
        LOG.error("FAILOVER_PROTOCOL_VIOLATION {}", v.detail());
      }
      // StartServing, StopServing and ScheduleReclaim are read from the state by the policy
    }
    sync.partnerStateChanged(machine.partnerState());
    if (t.changed()) {
      sync.stateChanged(t.from(), t.to());
      publish();
    }
    sync.pump();
  }

  /** Primary: moves part of the FREE pool to the secondary as BACKUP (digest §G). */
  private int balance() {
    lastBalance = now();
    if (link == null || machine.state() != ServerState.NORMAL) {
      return 0;
    }
    return sync.balance(settings.mode(), now());
  }

  /** Until when this node, having lost its bindings, vouches for no end of a lease (0: none). */
  long bindingsUncertainUntil() {
    return machine.bindingsUncertainUntil(settings.maxLeaseSeconds());
  }

  void publish() {
    FailoverSnapshot old = snapshot;
    snapshot =
        new FailoverSnapshot(
            machine.state(), machine.startTimeOfState(), machine.partnerState(), link != null,
            lastContact, sync.inflight(), sync.queued(), machine.mclt(), hba, machine.recoverWaitEnd(),
            machine.reuseAfter(settings.maxLeaseSeconds()), bindingsUncertainUntil(), machine.clientReuseAfter());
    if (old != null
        && old.state() == snapshot.state()
        && old.partnerState() == snapshot.partnerState()
        && old.linkUp() == snapshot.linkUp()) {
      return;
    }
    for (Runnable r : listeners) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("FAILOVER_LISTENER_FAILED", e);
      }
    }
  }
}
