package io.dhcpfailover.node.it;

import static io.dhcpfailover.node.it.IsolatedPairLab.BOTH;
import static io.dhcpfailover.node.it.IsolatedPairLab.PRIMARY;
import static io.dhcpfailover.node.it.IsolatedPairLab.RELATIONSHIP;
import static io.dhcpfailover.node.it.IsolatedPairLab.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.tls.NodeCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two real nodes whose failover link runs over mutual TLS (the default), with certificates from
 * {@code dhcp-node tls init}: they reach NORMAL over TLS 1.3; an impostor on the secondary's own
 * address with another pair's valid certificate, with a self-signed one, or speaking plain TCP is
 * refused with a logged reason while the pair stays NORMAL and serves clients; new certificates
 * written into the directories under load are picked up without dropping the link, no binding
 * update is lost, and a new connection authenticates with them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsPeerIT {
  private IsolatedPairLab lab;
  private int clients;
  private int logSeen;

  @BeforeAll
  void startPair() throws Exception {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("curl", "curl");
    Requirements.requireCommand("nft", "nftables");
    lab = new IsolatedPairLab("tlspeer", "HotStandby", "10s", "0s", "10m");
    lab.startBoth();
    IsolatedPairLab.awaitState(lab.primary, "NORMAL", Duration.ofSeconds(60));
    IsolatedPairLab.awaitState(lab.secondary, "NORMAL", Duration.ofSeconds(60));
  }

  @AfterAll
  void stop() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void thePairReachesNormalOverTls13() throws Exception {
    String log = lab.primary.log();
    assertThat(log).contains("FAILOVER_TLS_LOADED").contains("tls=TLSv1.3 mutual");
    assertThat(log).containsPattern("FAILOVER_TLS_ESTABLISHED remote=\\S*" + SECONDARY.replace(".", "\\.")
        + "\\S* protocol=TLSv1\\.3 peer=\"CN=" + RELATIONSHIP + " secondary,");
    assertThat(lab.secondary.log()).contains("FAILOVER_TLS_ESTABLISHED").contains("CN=" + RELATIONSHIP + " primary");
    assertThat(log).doesNotContain("FAILOVER_TLS_REFUSED");
    assertServedAndReplicated();
    logSeen = lab.primary.log().length();
  }

  @Test
  @Order(2)
  void refusesAValidCertificateOfAnotherPair() throws Exception {
    List<String> out = impostor("other-pair");
    assertThat(closedAfter(out)).isLessThan(5_000);
    assertRefused("does not chain to the pair's authority");
    assertPairUnharmed();
  }

  @Test
  @Order(3)
  void refusesASelfSignedCertificate() throws Exception {
    List<String> out = impostor("self-signed");
    assertThat(closedAfter(out)).isLessThan(5_000);
    assertRefused("does not chain to the pair's authority");
    assertPairUnharmed();
  }

  @Test
  @Order(4)
  void refusesAPlainTcpClientOnThePartnersAddress() throws Exception {
    List<String> out = impostor("plain");
    assertThat(out).noneMatch(l -> l.startsWith("GOT "));
    assertThat(closedAfter(out)).isLessThan(5_000);
    assertRefused("the peer does not speak TLS (plain TCP)");
    assertPairUnharmed();
  }

  @Test
  @Order(5)
  void rotatedCertificatesAreTakenUnderLoadWithoutLosingAnUpdate() throws Exception {
    String oldSecondarySerial = serial("secondary");
    int primaryLogBefore = lab.primary.log().length();
    int secondaryLogBefore = lab.secondary.log().length();
    ExecutorService load = Executors.newSingleThreadExecutor();
    List<AckRecord> acked = new ArrayList<>();
    try {
      Future<Path> during = load.submit(() -> lab.probe(30, "d1", BOTH));
      NodeProcess.tlsInit(lab.lab, lab.pair); // same authority, new node certificates
      awaitLogged(lab.primary, primaryLogBefore, "FAILOVER_TLS_RELOADED", Duration.ofSeconds(15));
      awaitLogged(lab.secondary, secondaryLogBefore, "FAILOVER_TLS_RELOADED", Duration.ofSeconds(15));
      acked.addAll(AckRecord.read(List.of(during.get(120, TimeUnit.SECONDS))));
    } finally {
      load.shutdownNow();
    }
    String newSecondarySerial = serial("secondary");
    assertThat(newSecondarySerial).isNotEqualTo(oldSecondarySerial);
    // the link that was up stays up through the rotation
    assertThat(lab.primary.log().substring(primaryLogBefore)).doesNotContain("FAILOVER_LINK_DOWN");
    assertThat(IsolatedPairLab.state(lab.primary)).isEqualTo("NORMAL");
    lab.awaitKnown("secondary", acked.stream().filter(a -> a.server().equals(PRIMARY)).toList(), Duration.ofSeconds(30));

    // a new connection authenticates with the new certificates: cut the link, heal it
    int primaryLogAtCut = lab.primary.log().length();
    lab.cutFailoverLink();
    IsolatedPairLab.awaitState(lab.primary, "COMMUNICATIONS-INTERRUPTED", Duration.ofSeconds(20));
    Path whileCut = lab.probe(5, "d2", BOTH);
    lab.healFailoverLink();
    IsolatedPairLab.awaitState(lab.primary, "NORMAL", Duration.ofSeconds(60));
    IsolatedPairLab.awaitState(lab.secondary, "NORMAL", Duration.ofSeconds(60));
    String sinceCut = lab.primary.log().substring(primaryLogAtCut);
    assertThat(sinceCut).contains("FAILOVER_TLS_ESTABLISHED").contains("serial=" + newSecondarySerial);
    assertThat(sinceCut).doesNotContain("FAILOVER_TLS_REFUSED");
    List<AckRecord> all = new ArrayList<>(acked);
    all.addAll(AckRecord.read(List.of(whileCut)));
    // the leases are short (the MCLT, 10 s) and may have run out by now: the binding must be known
    lab.awaitKnown("secondary", all.stream().filter(a -> a.server().equals(PRIMARY)).toList(), Duration.ofSeconds(30));
    lab.awaitKnown("primary", all.stream().filter(a -> a.server().equals(SECONDARY)).toList(), Duration.ofSeconds(30));
    lab.assertNoDuplicateAddresses();
  }

  private String serial(String role) throws Exception {
    return NodeCredentials.read(lab.tls.resolve(role)).certificate().getSerialNumber().toString(16);
  }

  private List<String> impostor(String mode) throws Exception {
    NetLab.Result r = lab.lab.exec("s", Duration.ofSeconds(60), NodeProcess.java(), "-cp",
        System.getProperty("java.class.path"), TlsImpostor.class.getName(), mode, SECONDARY, PRIMARY,
        RELATIONSHIP, "20");
    assertThat(r.out()).as(r.err()).contains("CONNECTED");
    return List.of(r.out().split("\n"));
  }

  private static long closedAfter(List<String> out) {
    for (String line : out) {
      if (line.startsWith("CLOSED_AFTER_MS ")) {
        return Long.parseLong(line.substring("CLOSED_AFTER_MS ".length()).trim());
      }
    }
    throw new AssertionError("the node kept the impostor's connection open: " + out);
  }

  private void assertRefused(String reason) throws Exception {
    String line = awaitLogged(lab.primary, logSeen, "FAILOVER_TLS_REFUSED", Duration.ofSeconds(15));
    assertThat(line).contains("remote=/" + SECONDARY + ":").contains("reason=").contains(reason);
  }

  /** Waits for {@code event} in the node's log after {@code from}; returns its line. */
  private static String awaitLogged(NodeProcess n, int from, String event, Duration timeout) throws Exception {
    long end = System.currentTimeMillis() + timeout.toMillis();
    while (true) {
      String log = n.log();
      String tail = log.substring(Math.min(from, log.length()));
      int at = tail.indexOf(event);
      if (at >= 0) {
        int eol = tail.indexOf('\n', at);
        return tail.substring(at, eol < 0 ? tail.length() : eol);
      }
      if (System.currentTimeMillis() > end) {
        throw new AssertionError(event + " not logged within " + timeout + ":\n" + tail);
      }
      Thread.sleep(200);
    }
  }

  private void assertPairUnharmed() throws Exception {
    assertThat(lab.primary.process().isAlive()).as("primary alive").isTrue();
    assertThat(IsolatedPairLab.state(lab.primary)).isEqualTo("NORMAL");
    assertThat(IsolatedPairLab.state(lab.secondary)).isEqualTo("NORMAL");
    assertThat(lab.primary.log().substring(logSeen)).doesNotContain("FAILOVER_LINK_DOWN");
    assertServedAndReplicated();
    logSeen = lab.primary.log().length();
  }

  /** A new client gets a lease from the primary, and the binding reaches the secondary. */
  private void assertServedAndReplicated() throws Exception {
    Path acks = lab.probe(1, String.format("%02x", 0xc0 + clients++), BOTH);
    List<AckRecord> got = AckRecord.read(List.of(acks));
    assertThat(got).hasSize(1).allMatch(a -> a.server().equals(PRIMARY));
    lab.awaitKnown("secondary", got, Duration.ofSeconds(20));
  }
}
