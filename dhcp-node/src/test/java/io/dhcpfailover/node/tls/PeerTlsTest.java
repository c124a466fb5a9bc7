package io.dhcpfailover.node.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dhcpfailover.api.tls.NodeCredentials;
import io.dhcpfailover.api.tls.PeerCertificateAuthority;
import io.dhcpfailover.api.tls.PeerTlsException;
import io.dhcpfailover.api.tls.SelfSignedCertificates;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.config.NodeConfig;
import io.dhcpfailover.node.config.PairFileLoader;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer channel's TLS between real sockets on loopback: the pair's nodes meet, impostors do not. */
class PeerTlsTest {
  static final String PAIR = "t";
  static final String PRIMARY = "198.18.0.2";
  static final String SECONDARY = "198.18.0.3";
  static final Instant NOW = Instant.now();

  @TempDir Path dir;
  PeerCertificateAuthority ca;
  EventLoopGroup group;
  Channel server;
  final CompletableFuture<String> serverOutcome = new CompletableFuture<>();

  @BeforeEach
  void issue() throws Exception {
    ca = PeerCertificateAuthority.create(PAIR, NOW, Duration.ofDays(365));
    ca.issue(PAIR, Role.PRIMARY, PRIMARY, NOW, Duration.ofDays(90)).write(dir.resolve("primary"));
    ca.issue(PAIR, Role.SECONDARY, SECONDARY, NOW, Duration.ofDays(90)).write(dir.resolve("secondary"));
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  PeerTls primary() throws PeerTlsException {
    return PeerTls.load(dir.resolve("primary"), PAIR, PRIMARY, SECONDARY, Clock.systemUTC());
  }

  PeerTls secondary() throws PeerTlsException {
    return PeerTls.load(dir.resolve("secondary"), PAIR, SECONDARY, PRIMARY, Clock.systemUTC());
  }

  /** The primary listens; reports "ok" or the refusal reason into serverOutcome. */
  int listen(PeerTls tls) throws Exception {
    return listenInto(tls, serverOutcome);
  }

  int listenInto(PeerTls tls, CompletableFuture<String> serverOutcome) throws Exception {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), true, null, 0), outcome(serverOutcome));
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  CompletableFuture<String> connect(int port, Supplier<ChannelHandler> tls) {
    CompletableFuture<String> clientOutcome = new CompletableFuture<>();
    new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                if (tls != null) {
                  ch.pipeline().addLast(tls.get());
                }
                ch.pipeline().addLast(outcome(clientOutcome));
              }
            })
        .connect("127.0.0.1", port);
    return clientOutcome;
  }

  static ChannelHandler outcome(CompletableFuture<String> f) {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e) {
          f.complete(e.isSuccess() ? "ok" : PeerTls.reason(e.cause()));
        }
      }

      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
      }
    };
  }

  static String await(CompletableFuture<String> f) throws Exception {
    return f.get(15, TimeUnit.SECONDS);
  }

  @Test
  void thePairsNodesCompleteAMutualTls13Handshake() throws Exception {
    int port = listen(primary());
    PeerTls s = secondary();
    CompletableFuture<String> client = connect(port, () -> s.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT, false, "127.0.0.1", port));
    assertThat(await(client)).isEqualTo("ok");
    assertThat(await(serverOutcome)).isEqualTo("ok");
  }

  @Test
  void refusesAValidCertificateOfAnotherPair() throws Exception {
    int port = listen(primary());
    PeerCertificateAuthority other = PeerCertificateAuthority.create("other", NOW, Duration.ofDays(365));
    NodeCredentials impostor = other.issue(PAIR, Role.SECONDARY, SECONDARY, NOW, Duration.ofDays(90));
    SslContext ctx = ImpostorTls.client(impostor.key(), impostor.certificate(), other.certificate());
    connect(port, () -> ctx.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT));
    assertThat(await(serverOutcome)).contains("does not chain to the pair's authority");
  }

  @Test
  void refusesASelfSignedCertificate() throws Exception {
    int port = listen(primary());
    NodeCredentials self = SelfSignedCertificates.create(PAIR, SECONDARY, NOW);
    SslContext ctx = ImpostorTls.client(self.key(), self.certificate());
    connect(port, () -> ctx.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT));
    assertThat(await(serverOutcome)).contains("does not chain to the pair's authority");
  }

  @Test
  void refusesThePairsCertificateForAnotherAddress() throws Exception {
    int port = listen(primary());
    // the primary's own certificate: issued by the pair's authority, but it names the primary
    NodeCredentials own = NodeCredentials.read(dir.resolve("primary"));
    SslContext ctx = ImpostorTls.client(own.key(), own.certificate());
    connect(port, () -> ctx.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT));
    assertThat(await(serverOutcome)).contains("does not name the partner " + SECONDARY);
  }

  @Test
  void refusesAPlainTcpClient() throws Exception {
    int port = listen(primary());
    CompletableFuture<String> ignored = connect(port, () -> new ChannelInboundHandlerAdapter() {
      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Unpooled.copiedBuffer("plain failover bytes, no TLS here\r\n", StandardCharsets.US_ASCII));
        ctx.fireChannelActive();
      }
    });
    assertThat(await(serverOutcome)).isEqualTo("the peer does not speak TLS (plain TCP)");
    assertThat(ignored).isNotNull();
  }

  @Test
  void theConnectingNodeRefusesAServerThatIsNotThePartner() throws Exception {
    // an impostor listening with the primary's address in another pair's certificate
    PeerCertificateAuthority other = PeerCertificateAuthority.create(PAIR, NOW, Duration.ofDays(365));
    Path bad = dir.resolve("impostor");
    other.issue(PAIR, Role.PRIMARY, PRIMARY, NOW, Duration.ofDays(90)).write(bad);
    PeerTls impostor = PeerTls.load(bad, PAIR, PRIMARY, SECONDARY, Clock.systemUTC());
    int port = listen(impostor);
    PeerTls s = secondary();
    CompletableFuture<String> client = connect(port, () -> s.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT, false, "127.0.0.1", port));
    assertThat(await(client)).contains("does not chain to the pair's authority");
  }

  @Test
  void reloadsRotatedFilesForNewConnectionsAndKeepsThemWhenTheNewOnesAreBroken() throws Exception {
    PeerTls p = primary();
    String firstSerial = p.certificate().getSerialNumber().toString();
    assertThat(p.reloadIfChanged()).as("nothing changed").isFalse();
    ca.issue(PAIR, Role.PRIMARY, PRIMARY, NOW, Duration.ofDays(90)).write(dir.resolve("primary"));
    assertThat(p.reloadIfChanged()).isTrue();
    String secondSerial = p.certificate().getSerialNumber().toString();
    assertThat(secondSerial).isNotEqualTo(firstSerial);
    Files.writeString(dir.resolve("primary").resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    assertThat(p.reloadIfChanged()).isFalse();
    assertThat(p.certificate().getSerialNumber().toString()).isEqualTo(secondSerial);
    // the rotated certificate still works with the partner
    int port = listen(p);
    PeerTls s = secondary();
    assertThat(await(connect(port, () -> s.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT, false, "127.0.0.1", port)))).isEqualTo("ok");
  }

  /**
   * While the operator replaces the pair's authority, one node may already hold the successor's
   * certificate and both authorities while its partner still has the old certificate (and the old
   * authority beside the new): a real handshake succeeds both ways. Without the bundle it fails.
   */
  @Test
  void duringARotationOfTheAuthorityANodeOnEitherSideOfItMeetsItsPartner() throws Exception {
    PeerCertificateAuthority next = PeerCertificateAuthority.create(PAIR, NOW, Duration.ofDays(365));
    NodeCredentials oldPrimary = ca.issue(PAIR, Role.PRIMARY, PRIMARY, NOW, Duration.ofDays(90));
    NodeCredentials newSecondary = next.issue(PAIR, Role.SECONDARY, SECONDARY, NOW, Duration.ofDays(90));
    new NodeCredentials(oldPrimary.ca(), oldPrimary.certificate(), oldPrimary.key(),
        java.util.List.of(ca.certificate(), next.certificate())).write(dir.resolve("primary"));
    new NodeCredentials(newSecondary.ca(), newSecondary.certificate(), newSecondary.key(),
        java.util.List.of(next.certificate(), ca.certificate())).write(dir.resolve("secondary"));
    int port = listen(primary());
    PeerTls s = secondary();
    assertThat(await(connect(port, () -> s.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT, false, "127.0.0.1", port)))).isEqualTo("ok");
    assertThat(await(serverOutcome)).isEqualTo("ok");

    // the primary without the successor in its ca.crt refuses the secondary's new certificate
    oldPrimary.write(dir.resolve("primary"));
    server.close().sync();
    CompletableFuture<String> refused = new CompletableFuture<>();
    int port2 = listenInto(primary(), refused);
    await(connect(port2, () -> s.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT, false, "127.0.0.1", port2)));
    assertThat(await(refused)).contains("does not chain");
  }

  @Test
  void refusesToLoadACertificateThatDoesNotNameThisNode() {
    assertThatThrownBy(() -> PeerTls.load(dir.resolve("secondary"), PAIR, PRIMARY, SECONDARY, Clock.systemUTC()))
        .isInstanceOf(PeerTlsException.class)
        .hasMessageContaining("tls.crt")
        .hasMessageContaining("does not name this node " + PRIMARY);
  }

  @Test
  void aPairNodeWithTlsOnNeedsADirectory() throws Exception {
    NodeConfig on = config("");
    assertThatThrownBy(() -> PeerTls.forNode(on, null, Clock.systemUTC()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("spec.peerTLS is Enabled but no --tls-dir was given");
    assertThat(PeerTls.forNode(on, dir.resolve("primary"), Clock.systemUTC())).isNotNull();
    assertThatThrownBy(() -> PeerTls.forNode(on, dir.resolve("missing"), Clock.systemUTC()))
        .hasMessage("--tls-dir: " + dir.resolve("missing").resolve("ca.crt") + ": no such file");
  }

  @Test
  void tlsOffMeansPlainTcpWhateverTheDirectory() throws Exception {
    NodeConfig off = config("  peerTLS: Disabled\n");
    assertThat(PeerTls.forNode(off, null, Clock.systemUTC())).isNull();
    assertThat(PeerTls.forNode(off, dir.resolve("primary"), Clock.systemUTC())).isNull();
  }

  static NodeConfig config(String extra) throws Exception {
    String yaml =
        """
        apiVersion: dhcpfailover.io/v1alpha1
        kind: DhcpFailoverPair
        metadata: {name: t}
        spec:
          primary: {address: 198.18.0.2}
          secondary: {address: 198.18.0.3}
        """
            + extra;
    return NodeConfig.from(PairFileLoader.parse(yaml, "test"), Role.PRIMARY);
  }
}
