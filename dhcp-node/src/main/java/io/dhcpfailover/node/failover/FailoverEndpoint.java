package io.dhcpfailover.node.failover;

import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.node.codec.failover.FailoverBinding;
import io.dhcpfailover.node.codec.failover.FailoverDecoder;
import io.dhcpfailover.node.codec.failover.FailoverEncoder;
import io.dhcpfailover.node.codec.failover.FailoverMessage;
import io.dhcpfailover.node.codec.failover.FailoverMessageType;
import io.dhcpfailover.node.codec.failover.FailoverProtocolException;
import io.dhcpfailover.node.codec.failover.RejectReason;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.LeaseStore;
import io.dhcpfailover.node.util.Ipv4;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One failover endpoint (draft-ietf-dhc-failover-12 §5; digest §A–§G): the TCP link to the
 * partner, the state machine, lazy binding updates, recovery and pool balancing.
 *
 * <p>Everything here runs on one event-loop thread ("failover"): socket events, timers and the
 * state machine. Other threads talk to it only through {@link #bindingCommitted} (hops onto the
 * loop) and the immutable {@link Snapshot} that the DHCP path reads.
 *
 * <p>Link set-up (digest §A.1): both sides listen and connect; a connection from any address but
 * the partner's is closed at once. The primary sends CONNECT on every connection and keeps the
 * first accepted; the secondary answers the first CONNECT with CONNECTACK and rejects duplicates
 * (reason 7). A connection without CONNECT/CONNECTACK within 15 s is closed; a failed connect is
 * retried after 5 s.
 */
public final class FailoverEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverEndpoint.class);
  private static final AttributeKey<Conn> CONN = AttributeKey.valueOf("failover.conn");
  private static final long HANDSHAKE_SECONDS = 15;
  private static final long RETRY_SECONDS = 5;
  private static final long MAX_SKEW_SECONDS = 60;
  private static final long BALANCE_EVERY_SECONDS = 60;

  /** The endpoint's settings (from the pair file). */
  public record Settings(
      Role role,
      int localAddress,
      int peerAddress,
      int port,
      String relationship,
      Mode mode,
      int split,
      long mclt,
      long maxResponseDelay,
      int maxUnacked,
      long autoPartnerDown,
      int loadBalanceMaxSeconds,
      String vendorClass) {}

  /** What the DHCP path and /status read: immutable, replaced on every change. */
  public record Snapshot(
      ServerState state,
      long since,
      ServerState partnerState,
      boolean linkUp,
      long lastContact,
      int unacked,
      int queued,
      long mclt,
      byte[] hba,
      long recoverWaitEnd) {}

  private final Settings settings;
  private final LeaseStore store;
  private final Clock clock;
  private final FailoverStateFile stateFile;
  private final Consumer<Lease> observer;
  private final boolean storeWasEmpty;
  private final FailoverStateMachine machine;
  private final EventLoopGroup group;
  private final EventLoop loop;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final List<Channel> channels = new ArrayList<>();
  private final PoolBalancer balancer;

  private volatile Snapshot snapshot;
  private volatile boolean closed;

  // ---- loop-confined state ----
  private Channel link;
  private Conn linkConn;
  private Channel outbound;
  private long partnerMaxUnacked;
  private long partnerReceiveTimer;
  private byte[] hba;
  private long lastContact;
  private long lastBalance;
  private final LinkedHashMap<Integer, Lease> queue = new LinkedHashMap<>();
  private final Map<Long, Lease> inflight = new HashMap<>();
  private Long upddoneXid;
  /** Received BNDUPDs not yet on disk (and so not yet acknowledged). */
  private int unstored;
  private final ArrayDeque<Runnable> afterShutdownState = new ArrayDeque<>();

  /** Per-connection state. */
  private static final class Conn {
    final boolean inbound;
    final long openedAt;
    boolean established;
    long nextXid = 1;
    long lastReceived;
    long lastSent;

    Conn(boolean inbound, long now) {
      this.inbound = inbound;
      this.openedAt = now;
      this.lastReceived = now;
      this.lastSent = now;
    }

    long xid() {
      return nextXid++;
    }
  }

  /**
   * @param observer told (on the failover thread) about every binding the partner sent or the
   *     endpoint changed, so the DHCP engine can update its allocation state
   */
  public FailoverEndpoint(
      Settings settings,
      LeaseStore store,
      Clock clock,
      FailoverStateFile stateFile,
      Consumer<Lease> observer,
      PoolBalancer balancer) {
    this.settings = settings;
    this.store = store;
    this.clock = clock;
    this.stateFile = stateFile;
    this.observer = observer;
    this.balancer = balancer;
    this.storeWasEmpty = store.all().isEmpty();
    this.machine =
        new FailoverStateMachine(
            settings.role(),
            settings.role() == Role.PRIMARY ? settings.mclt() : 0,
            settings.autoPartnerDown());
    this.group =
        new MultiThreadIoEventLoopGroup(
            1,
            r -> {
              Thread t = new Thread(r, "failover");
              t.setDaemon(true);
              return t;
            },
            NioIoHandler.newFactory());
    this.loop = group.next();
    this.hba =
        settings.role() == Role.PRIMARY
            ? LoadBalanceHash.hbaForSplit(settings.mode() == Mode.HOT_STANDBY ? 256 : settings.split())
            : null;
    this.partnerMaxUnacked = settings.maxUnacked();
    this.partnerReceiveTimer = settings.maxResponseDelay();
    publish();
  }

  // ---- life cycle ----

  /** Reads the persisted state, starts listening and connecting. */
  public void start() throws IOException {
    FailoverStateRecord persisted;
    try {
      persisted = stateFile.read();
    } catch (IOException e) {
      throw new IOException("cannot read failover state " + stateFile.path() + ": " + e.getMessage(), e);
    }
    long now = now();
    CompletableFuture<Void> started = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            LOG.info(
                "FAILOVER_STARTUP role={} persisted={} storeEmpty={}",
                settings.role(), persisted, storeWasEmpty);
            apply(machine.startup(persisted, now, storeWasEmpty));
            started.complete(null);
          } catch (RuntimeException e) {
            started.completeExceptionally(e);
          }
        });
    started.join();
    ServerBootstrap sb =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(initializer(true));
    InetSocketAddress listen = new InetSocketAddress(Ipv4.toInet(settings.localAddress()), settings.port());
    try {
      channels.add(sb.bind(listen).sync().channel());
    } catch (Exception e) {
      throw new IOException("cannot listen for the failover partner on " + listen + ": " + e.getMessage(), e);
    }
    LOG.info("FAILOVER_LISTEN address={} peer={}", listen, Ipv4.format(settings.peerAddress()));
    loop.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    loop.execute(this::connect);
  }

  private ChannelInitializer<SocketChannel> initializer(boolean inbound) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(new FailoverDecoder(), new FailoverEncoder(), new Handler(inbound));
      }
    };
  }

  private void connect() {
    if (closed || link != null || (outbound != null && outbound.isActive())) {
      return;
    }
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
            .handler(initializer(false));
    b.connect(
            new InetSocketAddress(Ipv4.toInet(settings.peerAddress()), settings.port()),
            new InetSocketAddress(Ipv4.toInet(settings.localAddress()), 0))
        .addListener(
            f -> {
              if (f.isSuccess()) {
                outbound = ((io.netty.channel.ChannelFuture) f).channel();
              } else if (!closed) {
                LOG.debug("FAILOVER_CONNECT_FAILED peer={}: {}", Ipv4.format(settings.peerAddress()), f.cause().toString());
                loop.schedule(this::connect, RETRY_SECONDS, TimeUnit.SECONDS);
              }
            });
  }

  /**
   * Controlled shutdown (digest §D.5): sends STATE(SHUTDOWN) so the partner moves to PARTNER-DOWN
   * at once, waits up to {@code waitMillis} for it to say so, persists the state, closes the link.
   */
  public void shutdown(long waitMillis) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(
        () -> {
          LOG.info("FAILOVER_SHUTDOWN state={} partner={}", machine.state(), machine.partnerState());
          apply(machine.shutdown(now()));
          if (link == null) {
            done.complete(null);
          } else {
            afterShutdownState.add(() -> done.complete(null));
            loop.schedule(() -> done.complete(null), waitMillis, TimeUnit.MILLISECONDS);
          }
        });
    try {
      done.get(waitMillis + 2000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("FAILOVER_SHUTDOWN_TIMEOUT: the partner did not confirm PARTNER-DOWN in time");
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Channel c : channels) {
      c.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }
    loop.execute(
        () -> {
          if (link != null) {
            link.close();
          }
          if (outbound != null) {
            outbound.close();
          }
        });
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }

  /** Operator command: PARTNER-DOWN now (digest §D.5). Returns the new state. */
  public ServerState adminPartnerDown() {
    CompletableFuture<ServerState> r = new CompletableFuture<>();
    loop.execute(
        () -> {
          LOG.warn(
              "ADMIN_PARTNER_DOWN: told that the partner is down; this node will serve all clients"
                  + " and reclaim the partner's addresses after MCLT. Wrong if the partner is still"
                  + " serving.");
          apply(machine.adminPartnerDown(now()));
          r.complete(machine.state());
        });
    return r.join();
  }

  /** Called when the state (or anything in the snapshot) changes. */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  public Settings settings() {
    return settings;
  }

  /** The engine committed a binding: tell the partner (lazily, draft §5.1). Any thread. */
  public void bindingCommitted(Lease lease) {
    loop.execute(
        () -> {
          if (primaryExpires(lease)) {
            LOG.debug("FAILOVER_EXPIRY_LEFT_TO_PRIMARY ip={}", Ipv4.format(lease.address()));
            return;
          }
          queue.put(lease.address(), lease);
          pump();
        });
  }

  /**
   * Whether {@code lease} is an expiry that only the primary reports (digest §F.3, §J.19;
   * capture f-lease-expiry): ISC's primary refuses BNDUPD(EXPIRED) from the secondary for an
   * address it holds ACTIVE ("invalid state transition: active to expired", reason 2) and instead
   * expires every lease itself, the secondary's too, and sends BNDUPD(EXPIRED). So a secondary
   * keeps its own expiry local and waits for the primary's update; replies to UPDREQ/UPDREQALL
   * still carry it.
   */
  private boolean primaryExpires(Lease lease) {
    return settings.role() == Role.SECONDARY && lease.state() == BindingState.EXPIRED;
  }

  /** Runs {@code task} on the failover thread. */
  public void execute(Runnable task) {
    loop.execute(task);
  }

  // ---- timers ----

  private void tick() {
    try {
      long now = now();
      apply(machine.tick(now));
      checkConnections(now);
      if (link == null && !closed) {
        connect();
      }
      if (machine.state() == ServerState.NORMAL
          && settings.role() == Role.PRIMARY
          && link != null
          && now - lastBalance >= BALANCE_EVERY_SECONDS) {
        balance();
      }
      pump();
      publish();
    } catch (RuntimeException e) {
      LOG.error("FAILOVER_TICK_FAILED", e);
    }
  }

  private void checkConnections(long now) {
    for (Channel ch : new ArrayList<>(openChannels())) {
      Conn c = ch.attr(CONN).get();
      if (c == null) {
        continue;
      }
      if (!c.established && now - c.openedAt > HANDSHAKE_SECONDS) {
        LOG.info("FAILOVER_HANDSHAKE_TIMEOUT remote={}", ch.remoteAddress());
        ch.close();
      }
    }
    if (link != null) {
      Conn c = linkConn;
      if (now - c.lastReceived > settings.maxResponseDelay()) {
        LOG.warn("FAILOVER_RECEIVE_TIMEOUT: nothing from the partner for {} s", now - c.lastReceived);
        Channel old = link;
        dropLink();
        old.close();
        apply(machine.receiveTimerExpired(now));
      } else if (now - c.lastSent >= Math.max(1, partnerReceiveTimer / 3)) {
        send(FailoverMessage.contact(now, c.xid()));
      }
    }
  }

  private final List<Channel> open = new ArrayList<>();

  private List<Channel> openChannels() {
    open.removeIf(ch -> !ch.isOpen());
    return open;
  }

  // ---- connections ----

  private final class Handler extends SimpleChannelInboundHandler<FailoverMessage> {
    private final boolean inbound;

    Handler(boolean inbound) {
      this.inbound = inbound;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Channel ch = ctx.channel();
      InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
      if (Ipv4.fromInet(remote.getAddress()) != settings.peerAddress()) {
        LOG.warn("FAILOVER_REFUSED remote={}: not the partner", remote);
        ch.close();
        return;
      }
      Conn c = new Conn(inbound, now());
      ch.attr(CONN).set(c);
      openChannels().add(ch);
      if (settings.role() == Role.PRIMARY) {
        long now = now();
        ch.writeAndFlush(
            FailoverMessage.connect(
                now, c.xid(), settings.relationship(), settings.maxUnacked(),
                settings.maxResponseDelay(), settings.vendorClass(), machine.mclt(), hba));
        c.lastSent = now;
      }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FailoverMessage m) {
      Conn c = ctx.channel().attr(CONN).get();
      if (c == null || !ctx.channel().isOpen()) {
        return; // the rest of a batch decoded before the link was closed for a violation
      }
      c.lastReceived = now();
      try {
        receive(ctx.channel(), c, m);
      } catch (RuntimeException e) {
        LOG.error("FAILOVER_MESSAGE_FAILED type={}", m.type(), e);
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (ctx.channel() == link) {
        LOG.warn("FAILOVER_LINK_DOWN remote={}", ctx.channel().remoteAddress());
        dropLink();
        apply(machine.linkDown(now()));
        publish();
        if (!closed) {
          loop.schedule(FailoverEndpoint.this::connect, RETRY_SECONDS, TimeUnit.SECONDS);
        }
      }
      if (ctx.channel() == outbound) {
        outbound = null;
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel() == link) {
        throttle();
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof FailoverProtocolException pe) {
        LOG.warn("FAILOVER_PROTOCOL_ERROR remote={} reason={}: closing the link", ctx.channel().remoteAddress(), pe.getMessage());
      } else {
        LOG.warn("FAILOVER_CONNECTION_ERROR remote={}: {}", ctx.channel().remoteAddress(), cause.toString());
      }
      ctx.close();
    }
  }

  private void dropLink() {
    link = null;
    linkConn = null;
    // unacked updates go back to the queue and are sent again after reconnecting (digest §F.2.6)
    for (Lease l : inflight.values()) {
      queue.putIfAbsent(l.address(), l);
    }
    inflight.clear();
    upddoneXid = null;
  }

  private void receive(Channel ch, Conn c, FailoverMessage m) {
    long now = now();
    if (!c.established) {
      handshake(ch, c, m, now);
      return;
    }
    if (ch != link) {
      return;
    }
    lastContact = now;
    switch (m.type()) {
      case STATE -> {
        ServerState reported = m.serverState().orElse(null);
        if (reported == null) {
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
      case BNDUPD -> receiveUpdate(m, now);
      case BNDACK -> receiveAck(m, now);
      case UPDREQ -> answerUpdateRequest(m.xid(), false);
      case UPDREQALL -> answerUpdateRequest(m.xid(), true);
      case UPDDONE -> {
        LOG.info("FAILOVER_UPDDONE_RECEIVED state={}", machine.state());
        apply(machine.updatesDone(now));
      }
      case POOLREQ -> {
        int moved = settings.role() == Role.PRIMARY ? balance() : 0;
        send(FailoverMessage.poolresp(now, m.xid(), moved));
      }
      case POOLRESP -> LOG.info("FAILOVER_POOLRESP transferred={}", m.addressesTransferred().orElse(0));
      case CONTACT -> {}
      case DISCONNECT -> {
        LOG.warn("FAILOVER_DISCONNECT_RECEIVED reason={} message={}", m.rejectReason().orElse(null), m.message().orElse(""));
        ch.close();
      }
      case CONNECT, CONNECTACK -> {
        LOG.warn("FAILOVER_UNEXPECTED {} on an established link: closing it", m.type());
        ch.close();
      }
    }
    publish();
  }

  private void handshake(Channel ch, Conn c, FailoverMessage m, long now) {
    if (settings.role() == Role.SECONDARY && m.type() == FailoverMessageType.CONNECT) {
      RejectReason reject = null;
      String why = null;
      String name = m.relationshipName().orElse("");
      if (!settings.relationship().equals(name)) {
        reject = RejectReason.INVALID_PARTNER;
        why = "unknown relationship '" + name + "'";
      } else if (Math.abs(now - m.time()) > MAX_SKEW_SECONDS) {
        reject = RejectReason.TIME_MISMATCH;
        why = "clocks differ by " + (m.time() - now) + " s";
      } else if (m.protocolVersion().orElse(1) != FailoverMessage.PROTOCOL_VERSION) {
        reject = RejectReason.PROTOCOL_VERSION_MISMATCH;
        why = "protocol version " + m.protocolVersion().orElse(0);
      } else if (link != null) {
        reject = RejectReason.DUPLICATE_CONNECTION;
        why = "already connected";
      } else if (m.mclt().orElse(0) <= 0) {
        reject = RejectReason.INVALID_MCLT;
        why = "no MCLT";
      }
      if (reject != null) {
        LOG.warn("FAILOVER_CONNECT_REJECTED remote={} reason={}: {}", ch.remoteAddress(), reject, why);
        ch.writeAndFlush(
                FailoverMessage.connectAckReject(
                    now, m.xid(), settings.relationship(), settings.maxUnacked(),
                    settings.maxResponseDelay(), settings.vendorClass(), m.tlsRequest().isPresent(), reject, why))
            .addListener(f -> ch.close());
        return;
      }
      ch.writeAndFlush(
          FailoverMessage.connectAck(
              now, m.xid(), settings.relationship(), settings.maxUnacked(),
              settings.maxResponseDelay(), settings.vendorClass(), m.tlsRequest().isPresent()));
      partnerMaxUnacked = m.maxUnackedBndupd().orElse(settings.maxUnacked());
      partnerReceiveTimer = m.receiveTimer().orElse(settings.maxResponseDelay());
      hba = m.hashBucketAssignment().orElse(hba);
      apply(machine.mcltLearned(m.mclt().getAsLong()));
      established(ch, c, now);
    } else if (settings.role() == Role.PRIMARY && m.type() == FailoverMessageType.CONNECTACK) {
      if (m.rejectReason().isPresent()) {
        LOG.warn("FAILOVER_CONNECT_REFUSED_BY_PARTNER reason={} message={}", m.rejectReason().get(), m.message().orElse(""));
        ch.close();
        return;
      }
      if (!settings.relationship().equals(m.relationshipName().orElse(settings.relationship()))) {
        LOG.warn("FAILOVER_REFUSED: partner speaks for relationship '{}'", m.relationshipName().orElse(""));
        ch.close();
        return;
      }
      if (Math.abs(now - m.time()) > MAX_SKEW_SECONDS) {
        LOG.warn("FAILOVER_REFUSED: partner clock differs by {} s", m.time() - now);
        ch.close();
        return;
      }
      if (link != null) {
        ch.close(); // keep the first accepted connection (digest §A.1)
        return;
      }
      partnerMaxUnacked = m.maxUnackedBndupd().orElse(settings.maxUnacked());
      partnerReceiveTimer = m.receiveTimer().orElse(settings.maxResponseDelay());
      established(ch, c, now);
    } else {
      LOG.warn("FAILOVER_HANDSHAKE_VIOLATION remote={} got {}: closing", ch.remoteAddress(), m.type());
      ch.close();
    }
  }

  private void established(Channel ch, Conn c, long now) {
    c.established = true;
    link = ch;
    linkConn = c;
    lastContact = now;
    LOG.info("FAILOVER_LINK_UP remote={} partnerMaxUnacked={} partnerReceiveTimer={}", ch.remoteAddress(), partnerMaxUnacked, partnerReceiveTimer);
    for (Channel other : new ArrayList<>(openChannels())) {
      if (other != ch && other.attr(CONN).get() != null && !other.attr(CONN).get().established && settings.role() == Role.PRIMARY) {
        other.close();
      }
    }
    apply(machine.linkUp(now));
    publish();
  }

  private void send(FailoverMessage m) {
    if (link == null) {
      return;
    }
    linkConn.lastSent = now();
    link.writeAndFlush(m)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                LOG.debug("FAILOVER_SEND_FAILED {}: {}", m.type(), f.cause().toString());
              }
            });
  }

  // ---- the state machine's actions ----

  private void apply(Transition t) {
    if (t.changed()) {
      LOG.info("FAILOVER_STATE {} -> {} partner={}", t.from(), t.to(), machine.partnerState());
    }
    for (FailoverAction a : t.actions()) {
      if (a instanceof FailoverAction.SendState s) {
        if (link != null) {
          send(FailoverMessage.state(now(), linkConn.xid(), s.state(), s.flags(), s.startTimeOfState()));
        }
      } else if (a instanceof FailoverAction.SendUpdateRequest r) {
        if (link != null) {
          LOG.info("FAILOVER_UPDATE_REQUEST all={}", r.all());
          send(r.all() ? FailoverMessage.updreqall(now(), linkConn.xid()) : FailoverMessage.updreq(now(), linkConn.xid()));
        }
      } else if (a instanceof FailoverAction.ResendUpdates) {
        requeueUnacked();
      } else if (a instanceof FailoverAction.BalancePools) {
        if (settings.role() == Role.PRIMARY) {
          balance();
        }
      } else if (a instanceof FailoverAction.PersistState p) {
        try {
          stateFile.write(p.record());
        } catch (IOException e) {
          LOG.error("FAILOVER_STATE_NOT_PERSISTED {}: {}", stateFile.path(), e.getMessage());
        }
      } else if (a instanceof FailoverAction.CloseLink) {
        if (link != null) {
          Channel old = link;
          dropLink();
          old.close();
        }
      } else if (a instanceof FailoverAction.ProtocolViolation v) {
        LOG.error("FAILOVER_PROTOCOL_VIOLATION {}", v.detail());
      }
      // StartServing, StopServing and ScheduleReclaim are read from the state by the policy
    }
    if (t.changed()) {
      publish();
    }
    pump();
  }

  // ---- binding updates (draft §7; digest §F) ----

  private void requeueUnacked() {
    for (Lease l : inflight.values()) {
      queue.putIfAbsent(l.address(), l);
    }
    inflight.clear();
    for (Lease l : store.all()) {
      if (l.hasFlag(Lease.FLAG_UNACKED) && !primaryExpires(l)) { // digest §J.19
        queue.putIfAbsent(l.address(), l);
      }
    }
  }

  /** Sends queued updates while fewer than the partner's max-unacked are in flight. */
  private void pump() {
    if (link == null || machine.state() == ServerState.STARTUP) {
      return;
    }
    long now = now();
    Iterator<Map.Entry<Integer, Lease>> it = queue.entrySet().iterator();
    while (inflight.size() < Math.max(1, partnerMaxUnacked) && it.hasNext()) {
      Lease l = it.next().getValue();
      it.remove();
      long xid = linkConn.xid();
      inflight.put(xid, l);
      send(FailoverMessage.bndupd(now, xid, toBinding(l)));
    }
    if (upddoneXid != null && queue.isEmpty() && inflight.isEmpty()) {
      LOG.info("FAILOVER_UPDDONE_SENT");
      send(FailoverMessage.upddone(now, upddoneXid));
      upddoneXid = null;
    }
  }

  private static FailoverBinding toBinding(Lease l) {
    boolean clientInfo = l.state() != BindingState.ABANDONED && !l.state().isAvailable();
    return new FailoverBinding(
        l.address(),
        l.state().code(),
        clientInfo ? l.clientId() : null,
        clientInfo ? l.hardware() : null,
        l.end(),
        Math.max(l.tstp(), l.end()),
        l.start(),
        l.cltt(),
        l.flags() & (Lease.FLAG_RESERVED | Lease.FLAG_BOOTP));
  }

  private void receiveAck(FailoverMessage m, long now) {
    Lease sent = inflight.remove(m.xid());
    if (sent == null) {
      LOG.debug("FAILOVER_BNDACK_UNMATCHED xid={}", m.xid());
      return;
    }
    if (m.rejectReason().isPresent()) {
      LOG.warn("FAILOVER_BNDUPD_REJECTED ip={} reason={} message={}", Ipv4.format(sent.address()), m.rejectReason().get(), m.message().orElse(""));
      pump();
      return;
    }
    Lease current = store.get(sent.address());
    if (current != null && current.equals(sent)) {
      Lease acked;
      if (sent.state() == BindingState.EXPIRED || sent.state() == BindingState.RELEASED || sent.state() == BindingState.RESET) {
        // acknowledged: the address is free again, owned by the primary (digest §F.2.5)
        acked = new Lease(sent.address(), BindingState.FREE, sent.clientId(), sent.hardware(), sent.hostname(), now, 0, sent.cltt(), 0, 0, sent.flags() & ~Lease.FLAG_UNACKED);
      } else {
        acked = new Lease(sent.address(), sent.state(), sent.clientId(), sent.hardware(), sent.hostname(), sent.start(), sent.end(), sent.cltt(), sent.tstp(), Math.max(sent.tstp(), sent.end()), sent.flags() & ~Lease.FLAG_UNACKED);
      }
      store.put(acked);
      observer.accept(acked);
    }
    pump();
  }

  private void receiveUpdate(FailoverMessage m, long now) {
    long xid = m.xid();
    Channel on = link;
    if (!FailoverBinding.hasRequiredOptions(m)) {
      send(FailoverMessage.bndackReject(now, xid, m.assignedIpAddress().orElse(0), RejectReason.MISSING_BINDING_INFORMATION, "assigned-IP-address and binding-status are required"));
      return;
    }
    FailoverBinding b = FailoverBinding.from(m);
    BindingState incoming = BindingState.fromCode(b.bindingStatus());
    LOG.debug("FAILOVER_BNDUPD_RECEIVED ip={} xid={} status={}", Ipv4.format(b.address()), xid, incoming);
    if (incoming == null || !balancer.serves(b.address())) {
      send(FailoverMessage.bndackReject(now, xid, b.address(), incoming == null ? RejectReason.MISSING_BINDING_INFORMATION : RejectReason.ILLEGAL_IP_ADDRESS,
          incoming == null ? "unknown binding status " + b.bindingStatus() : "address in no pool of this relationship"));
      return;
    }
    Lease stored0 = store.get(b.address());
    // an address the store never saw is in the primary's FREE pool
    Lease current = stored0 != null ? stored0 : Lease.available(b.address(), BindingState.FREE, 0);
    Lease pending = pendingFor(b.address());
    BindingUpdateRules.Verdict v =
        BindingUpdateRules.evaluate(settings.role(), machine.state(), current, b,
            pending == null ? null : toBinding(pending), now);
    if (!v.accepted()) {
      LOG.info("FAILOVER_BNDUPD_REFUSED ip={} incoming={} current={}: {}", Ipv4.format(b.address()), incoming, current.state(), v.message());
      send(FailoverMessage.bndackReject(now, xid, b.address(), v.reason(), v.message()));
      return;
    }
    BindingState stored = v.storeAs();
    boolean clientInfo = stored == BindingState.ACTIVE || stored == BindingState.FREE;
    Lease lease =
        new Lease(b.address(), stored, clientInfo ? b.clientId() : null, clientInfo ? b.hardware() : null,
            current.hostname(), b.startTimeOfState(), b.leaseExpirationTime(),
            b.cltt(), current.tstp(), b.potentialExpirationTime(), b.ipFlags() & 0xff);
    if (v.dropOwnPending()) {
      inflight.values().removeIf(l -> l.address() == b.address());
    }
    queue.remove(b.address()); // superseded
    unstored++;
    throttle();
    store.put(lease).whenComplete((ok, error) -> loop.execute(() -> {
      unstored--;
      throttle();
      if (error != null) {
        LOG.warn("FAILOVER_BNDUPD_NOT_STORED ip={}: {}", Ipv4.format(b.address()), error.getMessage());
        return; // no BNDACK for what is not on disk: the partner resends
      }
      observer.accept(lease);
      if (link == on && link != null) {
        LOG.debug("FAILOVER_BNDACK_SENT ip={} xid={}", Ipv4.format(b.address()), xid);
        send(FailoverMessage.bndack(now(), xid, b.address()));
      }
    }));
  }

  /**
   * Backpressure on the link: stop reading while more received updates wait for the disk than
   * we would ever have in flight ourselves, or while the partner does not read our answers, so a
   * flooding or stalled peer cannot grow memory without bound.
   */
  private void throttle() {
    if (link == null) {
      return;
    }
    int limit = Math.max(64, 4 * settings.maxUnacked());
    boolean read = link.isWritable() && unstored < limit;
    if (link.config().isAutoRead() != read) {
      link.config().setAutoRead(read);
      LOG.debug("FAILOVER_BACKPRESSURE reading={} unstored={}", read, unstored);
    }
  }

  /** Our unacknowledged update for {@code address}: queued or in flight. */
  private Lease pendingFor(int address) {
    Lease q = queue.get(address);
    if (q != null) {
      return q;
    }
    for (Lease l : inflight.values()) {
      if (l.address() == address) {
        return l;
      }
    }
    return null;
  }

  private void answerUpdateRequest(long xid, boolean all) {
    LOG.info("FAILOVER_UPDATE_REQUEST_RECEIVED all={}", all);
    for (Lease l : store.all()) {
      if (all || l.hasFlag(Lease.FLAG_UNACKED)
          || l.state() == BindingState.EXPIRED || l.state() == BindingState.RELEASED || l.state() == BindingState.RESET) {
        queue.put(l.address(), l);
      }
    }
    upddoneXid = xid;
    pump();
  }

  /** Primary: moves part of the FREE pool to the secondary as BACKUP (digest §G). */
  private int balance() {
    lastBalance = now();
    if (link == null || machine.state() != ServerState.NORMAL) {
      return 0;
    }
    List<Lease> moves = balancer.backupMoves(settings.mode(), now());
    for (Lease l : moves) {
      queue.put(l.address(), l);
    }
    if (!moves.isEmpty()) {
      LOG.info("FAILOVER_POOL_BALANCED backup+={}", moves.size());
    }
    pump();
    return moves.size();
  }

  private void publish() {
    Snapshot old = snapshot;
    snapshot =
        new Snapshot(
            machine.state(), machine.startTimeOfState(), machine.partnerState(), link != null,
            lastContact, inflight.size(), queue.size(), machine.mclt(), hba, machine.recoverWaitEnd());
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

  private long now() {
    return clock.millis() / 1000;
  }
}
