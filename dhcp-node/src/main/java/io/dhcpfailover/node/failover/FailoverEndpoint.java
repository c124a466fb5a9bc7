package io.dhcpfailover.node.failover;

import io.dhcpfailover.node.codec.failover.FailoverDecoder;
import io.dhcpfailover.node.codec.failover.FailoverEncoder;
import io.dhcpfailover.node.codec.failover.FailoverMessage;
import io.dhcpfailover.node.codec.failover.FailoverProtocolException;
import io.dhcpfailover.node.codec.failover.ServerState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.lease.LeaseStore;
import io.dhcpfailover.node.tls.PeerTls;
import io.dhcpfailover.node.util.Ipv4;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
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
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP side of one failover endpoint: a thin Netty adapter around {@link FailoverCore}, which
 * holds every protocol rule. It listens and connects, refuses connections from any address but
 * the partner's, turns channel events into core events on one event-loop thread ("failover"), and
 * runs the core's once-a-second timer. A failed connect is retried after 5 s.
 *
 * <p>With {@link PeerTls} every connection, accepted or opened, first completes a TLS 1.3
 * handshake with mutual authentication; only then does the core hear of it, so a peer whose
 * certificate is refused never reaches the protocol. The certificate files are re-read every
 * {@value #TLS_RELOAD_SECONDS} s; new connections use what was read last.
 *
 * <p>Other threads talk to the core only through {@link #bindingCommitted} (hops onto the loop)
 * and the immutable {@link FailoverSnapshot} that the DHCP path reads.
 */
public final class FailoverEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverEndpoint.class);
  private static final AttributeKey<FailoverConnection> CONN = AttributeKey.valueOf("failover.conn");
  private static final long RETRY_SECONDS = 5;
  private static final long TLS_RELOAD_SECONDS = 5;

  private final FailoverSettings settings;
  private final FailoverCore core;
  private final PeerTls tls;
  private final EventLoopGroup group;
  private final EventLoop loop;
  private final List<Channel> channels = new ArrayList<>();
  private Channel outbound;
  private long ticks;
  private volatile boolean closed;

  /** An endpoint whose link is plain TCP ({@code spec.peerTLS: Disabled}). */
  public FailoverEndpoint(
      FailoverSettings settings,
      LeaseStore store,
      Clock clock,
      FailoverStateStore stateFile,
      Consumer<Lease> observer,
      PoolBalancer balancer) {
    this(settings, store, clock, stateFile, observer, balancer, null);
  }

  /**
   * @param observer told (on the failover thread) about every binding the partner sent or the
   *     endpoint changed, so the DHCP engine can update its allocation state
   * @param tls the peer channel's TLS; null: plain TCP
   */
  public FailoverEndpoint(
      FailoverSettings settings,
      LeaseStore store,
      Clock clock,
      FailoverStateStore stateFile,
      Consumer<Lease> observer,
      PoolBalancer balancer,
      PeerTls tls) {
    this.settings = settings;
    this.tls = tls;
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
    this.core = new FailoverCore(settings, store, clock, stateFile, observer, balancer, loop);
  }

  /** Reads the persisted state, starts listening and connecting. */
  public void start() throws IOException {
    CompletableFuture<Void> started = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            core.start();
            started.complete(null);
          } catch (IOException | RuntimeException e) {
            started.completeExceptionally(e);
          }
        });
    try {
      started.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
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
    LOG.info(
        "FAILOVER_LISTEN address={} peer={} tls={}", listen, Ipv4.format(settings.peerAddress()),
        tls == null ? "off" : "TLSv1.3 mutual");
    loop.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    loop.execute(this::connect);
  }

  private ChannelInitializer<SocketChannel> initializer(boolean inbound) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        if (tls != null) {
          ch.pipeline()
              .addLast(
                  "tls",
                  tls.newHandler(ch.alloc(), inbound, Ipv4.format(settings.peerAddress()), settings.port()));
        }
        // the updates and acknowledgements sent in one pass of the loop leave in one flush: one
        // TLS record and one write for many
        ch.pipeline()
            .addLast(new FailoverDecoder(), new FailoverEncoder(), new FlushConsolidationHandler(256, true), new Handler());
      }
    };
  }

  private void connect() {
    if (closed || !core.wantsConnection() || (outbound != null && outbound.isActive())) {
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
                outbound = ((ChannelFuture) f).channel();
              } else if (!closed) {
                LOG.debug("FAILOVER_CONNECT_FAILED peer={}: {}", Ipv4.format(settings.peerAddress()), f.cause().toString());
                loop.schedule(this::connect, RETRY_SECONDS, TimeUnit.SECONDS);
              }
            });
  }

  private void tick() {
    try {
      if (tls != null && ++ticks % TLS_RELOAD_SECONDS == 0) {
        tls.reloadIfChanged();
      }
      core.tick();
      if (!closed && core.wantsConnection()) {
        connect();
      }
    } catch (RuntimeException e) {
      LOG.error("FAILOVER_TICK_FAILED", e);
    }
  }

  /**
   * Controlled shutdown (digest §D.5): sends STATE(SHUTDOWN) so the partner moves to PARTNER-DOWN
   * at once, waits up to {@code waitMillis} for it to say so, persists the state.
   */
  public void shutdown(long waitMillis) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(
        () -> {
          core.shutdown(() -> done.complete(null));
          loop.schedule(() -> done.complete(null), waitMillis, TimeUnit.MILLISECONDS);
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
          if (outbound != null) {
            outbound.close();
          }
        });
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }

  /** Operator command: PARTNER-DOWN now (digest §D.5). Returns the new state. */
  public ServerState adminPartnerDown() {
    return CompletableFuture.supplyAsync(core::adminPartnerDown, loop).join();
  }

  /** Called when the state (or anything in the snapshot) changes. */
  public void onChange(Runnable listener) {
    core.onChange(listener);
  }

  public FailoverSnapshot snapshot() {
    return core.snapshot();
  }

  public FailoverSettings settings() {
    return settings;
  }

  /**
   * The partner's clock minus ours in seconds, measured at the last handshake (0 before one), for
   * the metrics. Read from any thread: a scrape may see the value of the handshake before.
   */
  public long skew() {
    return core.skew();
  }

  /** The engine committed a binding: tell the partner (lazily, draft §5.1). Any thread. */
  public void bindingCommitted(Lease lease) {
    loop.execute(() -> core.bindingCommitted(lease));
  }

  /** Runs {@code task} on the failover thread. */
  public void execute(Runnable task) {
    loop.execute(task);
  }

  /** A TCP channel as the core's {@link PeerConnection}. */
  private record ChannelConnection(Channel ch) implements PeerConnection {
    @Override
    public void send(FailoverMessage m) {
      ch.writeAndFlush(m)
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  LOG.debug("FAILOVER_SEND_FAILED {}: {}", m.type(), f.cause().toString());
                }
              });
    }

    @Override
    public void close() {
      ch.close();
    }

    @Override
    public boolean writable() {
      return ch.isWritable();
    }

    @Override
    public void reading(boolean on) {
      if (ch.config().isAutoRead() != on) {
        ch.config().setAutoRead(on);
        LOG.debug("FAILOVER_BACKPRESSURE reading={}", on);
      }
    }

    @Override
    public String remote() {
      return String.valueOf(ch.remoteAddress());
    }
  }

  private final class Handler extends SimpleChannelInboundHandler<FailoverMessage> {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Channel ch = ctx.channel();
      InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
      if (Ipv4.fromInet(remote.getAddress()) != settings.peerAddress()) {
        LOG.warn("FAILOVER_REFUSED remote={}: not the partner", remote);
        ch.close();
        return;
      }
      if (tls == null) {
        ch.attr(CONN).set(core.opened(new ChannelConnection(ch)));
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (!(evt instanceof SslHandshakeCompletionEvent done)) {
        ctx.fireUserEventTriggered(evt);
        return;
      }
      Channel ch = ctx.channel();
      if (!done.isSuccess()) {
        if (Ipv4.fromInet(((InetSocketAddress) ch.remoteAddress()).getAddress()) != settings.peerAddress()) {
          return; // FAILOVER_REFUSED said why
        }
        LOG.warn("FAILOVER_TLS_REFUSED remote={} reason={}", ch.remoteAddress(), PeerTls.reason(done.cause()));
        ch.close();
        return;
      }
      if (!ch.isOpen()) {
        return; // refused by address before the handshake ended
      }
      LOG.info(
          "FAILOVER_TLS_ESTABLISHED remote={} {}", ch.remoteAddress(),
          PeerTls.describe(ch.pipeline().get(SslHandler.class)));
      ch.attr(CONN).set(core.opened(new ChannelConnection(ch)));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FailoverMessage m) {
      FailoverConnection c = ctx.channel().attr(CONN).get();
      if (c == null || !ctx.channel().isOpen()) {
        return; // the rest of a batch decoded before the link was closed for a violation
      }
      try {
        core.received(c, m);
      } catch (RuntimeException e) {
        LOG.error("FAILOVER_MESSAGE_FAILED type={}", m.type(), e);
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      FailoverConnection c = ctx.channel().attr(CONN).get();
      if (c != null) {
        boolean wasLink = !core.wantsConnection();
        core.closed(c);
        if (wasLink && core.wantsConnection() && !closed) {
          loop.schedule(FailoverEndpoint.this::connect, RETRY_SECONDS, TimeUnit.SECONDS);
        }
      }
      if (ctx.channel() == outbound) {
        outbound = null;
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      FailoverConnection c = ctx.channel().attr(CONN).get();
      if (c != null) {
        core.writabilityChanged(c);
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (ctx.channel().attr(CONN).get() == null && tls != null) {
        // a failed handshake: FAILOVER_TLS_REFUSED says why
        LOG.debug("FAILOVER_TLS_HANDSHAKE_ERROR remote={}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
        return;
      }
      if (cause instanceof FailoverProtocolException pe) {
        LOG.warn("FAILOVER_PROTOCOL_ERROR remote={} reason={}: closing the link", ctx.channel().remoteAddress(), pe.getMessage());
      } else {
        LOG.warn("FAILOVER_CONNECTION_ERROR remote={}: {}", ctx.channel().remoteAddress(), cause.toString());
      }
      ctx.close();
    }
  }
}
