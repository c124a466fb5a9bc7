package io.dhcpfailover.node.server;

import io.dhcpfailover.node.codec.dhcp.DhcpDecoder;
import io.dhcpfailover.node.codec.dhcp.DhcpEncoder;
import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.MalformedPacketException;
import io.dhcpfailover.node.engine.DhcpEngine;
import io.dhcpfailover.node.engine.Ingress;
import io.dhcpfailover.node.engine.Reply;
import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import io.dhcpfailover.node.util.ShedLog;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import io.dhcpfailover.api.validation.Prefix;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The UDP side of a node: one datagram socket per configured interface (0.0.0.0:port, pinned with
 * SO_BINDTODEVICE), and one on the server address for relayed and unicast traffic. All requests
 * are handled on one event-loop thread, the engine's.
 */
public final class DhcpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DhcpServer.class);

  /** Where the server reports packets. */
  public interface PacketMetrics {
    void received(DhcpMessageType type);

    void sent(DhcpMessageType type);

    /** A reply to {@code request} was handed to the socket {@code nanos} after the request arrived. */
    default void answered(DhcpMessageType request, long nanos) {}

    void dropped(String reason);
  }

  private final DhcpEngine engine;
  private final PacketMetrics metrics;
  private final int serverAddress;
  private final List<String> interfaces;
  private final int port;
  private final int clientPort;
  private final DhcpDecoder decoder = new DhcpDecoder();
  private final DhcpEncoder encoder = new DhcpEncoder();
  private final EventLoopGroup group;
  private final boolean epoll;
  private final List<Channel> channels = new ArrayList<>();
  private final Supplier<List<Prefix>> relays;
  private final Supplier<RequestLimiter.Rates> rates;
  private final RequestLimiter limiter;
  private final ShedLog shedLog = new ShedLog(10_000_000_000L, (m, a) -> LOG.warn(m, a));

  /**
   * @param port the server port (67)
   * @param clientPort the port replies to clients go to (68)
   * @param relays the relays trusted now (the current configuration's; empty: any)
   * @param rates the request limits now ({@code spec.limits}), read for every request
   */
  public DhcpServer(
      DhcpEngine engine,
      PacketMetrics metrics,
      int serverAddress,
      List<String> interfaces,
      int port,
      int clientPort,
      Supplier<List<Prefix>> relays,
      Supplier<RequestLimiter.Rates> rates) {
    this.engine = engine;
    this.relays = relays;
    this.rates = rates;
    this.limiter = new RequestLimiter(rates.get());
    this.metrics = metrics;
    this.serverAddress = serverAddress;
    this.interfaces = List.copyOf(interfaces);
    this.port = port;
    this.clientPort = clientPort;
    this.epoll = Epoll.isAvailable();
    this.group =
        new MultiThreadIoEventLoopGroup(
            1,
            r -> {
              Thread t = new Thread(r, "dhcp");
              t.setDaemon(false);
              return t;
            },
            epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  /** Binds every socket; throws naming the address or interface that failed. */
  public void start() throws IOException {
    if (!interfaces.isEmpty() && !epoll) {
      throw new IOException("interface sockets need Linux epoll: " + Epoll.unavailabilityCause());
    }
    for (String ifname : interfaces) {
      Channel ch = bind(new InetSocketAddress("0.0.0.0", port), ifname);
      int fd = ((EpollDatagramChannel) ch).fd().intValue();
      SocketOptions.bindToDevice(fd, ifname);
      channels.add(ch);
      LOG.info("DHCP_LISTEN interface={} port={}", ifname, port);
    }
    channels.add(bind(new InetSocketAddress(Ipv4.toInet(serverAddress), port), null));
    LOG.info("DHCP_LISTEN address={} port={}", Ipv4.format(serverAddress), port);
    group.next().scheduleAtFixedRate(this::sweep, 1, 1, TimeUnit.SECONDS);
  }

  /** Runs {@code task} on the DHCP thread (the engine's), after what is queued there. */
  public void execute(Runnable task) {
    group.next().execute(task);
  }

  private void sweep() {
    try {
      engine.sweep();
    } catch (RuntimeException e) {
      LOG.error("SWEEP_FAILED", e);
    }
  }

  private Channel bind(InetSocketAddress address, String ifname) throws IOException {
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            .option(ChannelOption.SO_BROADCAST, true)
            .option(ChannelOption.SO_REUSEADDR, true)
            .option(ChannelOption.SO_RCVBUF, 4 << 20)
            .option(ChannelOption.SO_SNDBUF, 4 << 20)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    // replies that leave in one pass of the loop go out in one flush (sendmmsg)
                    ch.pipeline().addLast(new FlushConsolidationHandler(64, true), new Handler(ifname));
                  }
                });
    try {
      return b.bind(address).sync().channel();
    } catch (Exception e) {
      throw new IOException(
          "cannot bind DHCP socket " + address + (ifname == null ? "" : " on " + ifname) + ": "
              + e.getMessage(), e);
    } 
  }

  private final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final String ifname;

    Handler(String ifname) {
      this.ifname = ifname;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      long arrived = System.nanoTime();
      InetSocketAddress sender = packet.sender();
      DhcpMessage request;
      try {
        request = decoder.decode(packet.content());
      } catch (MalformedPacketException e) {
        metrics.dropped(e.reason().label());
        LOG.debug("DROP_MALFORMED from={} reason={}", sender, e.getMessage());
        return;
      } catch (RuntimeException e) {
        metrics.dropped("decode_error");
        LOG.warn("DROP_MALFORMED from={} unexpected decoder error", sender, e);
        return;
      }
      DhcpMessageType type = request.messageType();
      metrics.received(type);
      String untrusted = RelayFilter.dropReason(request, Ipv4.fromInet(sender.getAddress()), relays.get());
      if (untrusted != null) {
        metrics.dropped(untrusted);
        LOG.debug("DROP_RELAY from={} giaddr={} reason={}", sender, Ipv4.format(request.giaddr()), untrusted);
        return;
      }
      if (engine.leftToPartner(request)) {
        return; // the partner answers: no limits, logging context or engine work
      }
      // flood defences before any allocation work: requests per relay, DISCOVERs per client
      String shed = limiter.dropReason(request, rates.get(), arrived);
      if (shed != null) {
        metrics.dropped(shed);
        shedLog.shed(shed, () -> sender.getAddress().getHostAddress() + " chaddr="
            + Hex.colon(request.hardwareAddress()) + " giaddr=" + Ipv4.format(request.giaddr()), arrived);
        return;
      }
      Channel channel = ctx.channel();
      MDC.put("xid", Integer.toHexString(request.xid()));
      MDC.put("chaddr", Hex.colon(request.hardwareAddress()));
      MDC.put("giaddr", Ipv4.format(request.giaddr()));
      try {
        Ingress ingress =
            new Ingress(ifname, Ipv4.fromInet(sender.getAddress()), sender.getPort());
        CompletionStage<Reply> stage = engine.handle(request, ingress);
        stage.whenComplete(
            (reply, error) -> {
              if (error != null) {
                metrics.dropped("engine_error");
                LOG.error("ENGINE_FAILED xid={}", Integer.toHexString(request.xid()), error);
              } else if (reply != null && send(channel, reply)) {
                metrics.answered(type, System.nanoTime() - arrived);
              }
            });
      } catch (RuntimeException e) {
        metrics.dropped("engine_error");
        LOG.error("ENGINE_FAILED xid={}", Integer.toHexString(request.xid()), e);
      } finally {
        MDC.remove("xid");
        MDC.remove("chaddr");
        MDC.remove("giaddr");
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      metrics.dropped("socket_error");
      LOG.warn("DHCP_SOCKET_ERROR interface={}: {}", ifname, cause.toString());
    }
  }

  /** Encodes and sends {@code reply}; false when it could not be encoded. */
  private boolean send(Channel channel, Reply reply) {
    byte[] bytes;
    try {
      bytes = encoder.encodeReply(reply.message(), reply.maxSize());
    } catch (RuntimeException e) {
      metrics.dropped("encode_error");
      LOG.error("ENCODE_FAILED {}", reply.message(), e);
      return false;
    }
    int port = reply.port() == 68 ? clientPort : reply.port();
    InetSocketAddress to = new InetSocketAddress(Ipv4.toInet(reply.destination()), port);
    metrics.sent(reply.message().messageType());
    channel
        .writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), to))
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                metrics.dropped("send_error");
                LOG.warn("SEND_FAILED to={}: {}", to, f.cause().toString());
              }
            });
    return true;
  }

  @Override
  public void close() {
    for (Channel ch : channels) {
      ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }
}
