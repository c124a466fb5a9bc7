package io.dhcpfailover.node.it;

import static io.dhcpfailover.node.it.IsolatedPairLab.PRIMARY;
import static io.dhcpfailover.node.it.IsolatedPairLab.RELATIONSHIP;
import static io.dhcpfailover.node.it.IsolatedPairLab.SECONDARY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One real node (the secondary, serving alone in PARTNER-DOWN after the operator command) and a
 * {@link HostilePeer} that connects from the primary's address and misbehaves. After every attack
 * the connection is closed or the CONNECT refused with the right reject reason, the node logs why,
 * stays up, and still gives a relayed client a lease. The peer channel runs over TLS (the
 * default): the hostile peer holds the primary's own certificate, a compromised partner, and
 * attacks inside the authenticated link.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostilePeerIT {
  private IsolatedPairLab lab;
  private NodeProcess node;
  private int clients;
  private int logSeen;

  @BeforeAll
  void startSecondaryAlone() throws Exception {
    Requirements.requireNetworkNamespaces();
    Requirements.requireCommand("curl", "curl");
    Requirements.requireCommand("nft", "nftables");
    lab = new IsolatedPairLab("hostile", "HotStandby", "10s", "0s", "10s");
    node = lab.node("secondary").start().awaitStarted(Duration.ofSeconds(30));
    lab.secondary = node;
    NetLab.Result r = lab.lab.exec("s", Duration.ofSeconds(60), NodeProcess.java(), "-jar", NodeProcess.jar(),
        "partner-down", "--http", "http://" + SECONDARY + ":8067");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    IsolatedPairLab.awaitState(node, "PARTNER-DOWN", Duration.ofSeconds(10));
    // a secondary that never met its primary owns no address and knows no binding: in
    // PARTNER-DOWN it may give the primary's only once any lease the primary gave can have
    // ended, the lease time (10 s) + the MCLT (10 s)
    Thread.sleep(21_000);
    assertServes();
  }

  @AfterAll
  void stop() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void closesALinkThatSendsGarbage() throws Exception {
    List<String> out = attack("garbage");
    assertThat(closedAfter(out)).isLessThan(CLOSE_BOUND_MS);
    assertLogged("FAILOVER_PROTOCOL_ERROR");
    assertSurvived();
  }

  @Test
  @Order(2)
  void rejectsAConnectForAnotherRelationship() throws Exception {
    List<String> out = attack("bad-name");
    assertThat(out).contains("CONNECTACK reject=8");
    assertThat(closedAfter(out)).isLessThan(CLOSE_BOUND_MS);
    assertLogged("FAILOVER_CONNECT_REJECTED");
    assertSurvived();
  }

  @Test
  @Order(3)
  void closesALinkWithAnOversizedLengthField() throws Exception {
    List<String> out = attack("oversized");
    assertThat(closedAfter(out)).isLessThan(CLOSE_BOUND_MS);
    assertLogged("FAILOVER_PROTOCOL_ERROR");
    assertThat(newLog()).contains("65535");
    assertSurvived();
  }

  @Test
  @Order(4)
  void closesALinkWithAnUndersizedLengthField() throws Exception {
    List<String> out = attack("undersized");
    assertThat(closedAfter(out)).isLessThan(CLOSE_BOUND_MS);
    assertLogged("FAILOVER_PROTOCOL_ERROR");
    assertSurvived();
  }

  @Test
  @Order(5)
  void rejectsAConnectWhoseClockIsTwoMinutesOff() throws Exception {
    List<String> out = attack("skewed");
    assertThat(out).contains("CONNECTACK reject=4");
    assertThat(closedAfter(out)).isLessThan(CLOSE_BOUND_MS);
    assertLogged("FAILOVER_CONNECT_REJECTED");
    assertSurvived();
  }

  @Test
  @Order(6)
  void closesALinkThatSendsUpdatesBeforeTheHandshake() throws Exception {
    List<String> out = attack("update-first");
    assertThat(closedAfter(out)).isLessThan(CLOSE_BOUND_MS);
    String log = newLog();
    assertThat(log).contains("FAILOVER_HANDSHAKE_VIOLATION");
    assertThat(count(log, "FAILOVER_HANDSHAKE_VIOLATION")).as("one line per connection, not per message").isEqualTo(1);
    assertSurvived();
  }

  @Test
  @Order(7)
  void survivesAFloodOfBindingUpdates() throws Exception {
    long rssBefore = rssKb();
    List<String> out = attack("flood");
    assertThat(out).contains("CONNECTACK ok", "SENT 5000");
    Matcher m = Pattern.compile("BNDACK accepted=(\\d+) rejected=(\\d+)").matcher(String.join("\n", out));
    assertThat(m.find()).as(out.toString()).isTrue();
    int accepted = Integer.parseInt(m.group(1));
    int rejected = Integer.parseInt(m.group(2));
    // every update is answered, or the node closed the link; out-of-pool addresses are refused
    assertThat(accepted + rejected).as(out.toString()).isPositive();
    assertThat(rejected).as("addresses outside the pools are refused").isPositive();
    assertLogged("FAILOVER_LINK_UP");
    IsolatedPairLab.awaitState(node, "PARTNER-DOWN", Duration.ofSeconds(20));
    assertSurvived();
    long rssAfter = rssKb();
    assertThat(rssAfter - rssBefore).as("resident memory growth in kB").isLessThan(256 * 1024);
  }

  private List<String> attack(String name) throws Exception {
    NetLab.Result r = lab.lab.exec("p", Duration.ofSeconds(60), NodeProcess.java(), "-cp",
        System.getProperty("java.class.path"), HostilePeer.class.getName(), name, PRIMARY, SECONDARY,
        RELATIONSHIP, "30", lab.tls.resolve("primary").toString());
    assertThat(r.out()).as(r.err()).contains("CONNECTED");
    return List.of(r.out().split("\n"));
  }

  /**
   * The node closes a hostile link as soon as it reads the offending message; the bound leaves a
   * loaded two-core machine room (5 s was once missed by 0.7 s there) and is a third of the
   * attacker's 30 s wait, so a node that keeps the link open still fails.
   */
  private static final long CLOSE_BOUND_MS = 10_000;

  private static long closedAfter(List<String> out) {
    for (String line : out) {
      if (line.startsWith("CLOSED_AFTER_MS ")) {
        return Long.parseLong(line.substring("CLOSED_AFTER_MS ".length()).trim());
      }
    }
    throw new AssertionError("the node kept the connection open: " + out);
  }

  private void assertLogged(String event) throws Exception {
    long end = System.currentTimeMillis() + 5_000;
    while (System.currentTimeMillis() < end && !node.log().substring(logSeen).contains(event)) {
      Thread.sleep(100);
    }
    assertThat(node.log().substring(logSeen)).contains(event);
  }

  /** The node's log since the last call. */
  private String newLog() throws Exception {
    String log = node.log();
    return log.substring(Math.min(logSeen, log.length()));
  }

  private static int count(String text, String word) {
    int n = 0;
    for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length())) {
      n++;
    }
    return n;
  }

  private void assertSurvived() throws Exception {
    assertThat(node.process().isAlive()).as("node process alive").isTrue();
    assertThat(IsolatedPairLab.state(node)).isEqualTo("PARTNER-DOWN");
    assertServes();
    logSeen = node.log().length();
  }

  private void assertServes() throws Exception {
    Path acks = lab.probe(1, String.format("%02x", 0xb0 + clients++), SECONDARY);
    assertThat(AckRecord.read(List.of(acks))).hasSize(1).allMatch(a -> a.server().equals(SECONDARY));
  }

  private long rssKb() throws Exception {
    String status = java.nio.file.Files.readString(Path.of("/proc/" + node.process().pid() + "/status"));
    Matcher m = Pattern.compile("VmRSS:\\s+(\\d+)").matcher(status);
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1));
  }
}
