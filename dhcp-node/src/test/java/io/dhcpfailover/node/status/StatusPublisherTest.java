package io.dhcpfailover.node.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.LeaseCounts;
import io.dhcpfailover.api.v1alpha1.FailoverState;
import io.dhcpfailover.api.v1alpha1.NodeStatus;
import io.dhcpfailover.api.v1alpha1.Role;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class StatusPublisherTest {

  private static final String PAIR = "campus-a";
  private static final Duration AWAIT = Duration.ofSeconds(10);

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
  private MockApi api;
  private ListAppender<ILoggingEvent> logs;
  private Logger logger;

  @BeforeEach
  void startApi() {
    api = MockApi.start();
    logger = (Logger) LoggerFactory.getLogger(StatusPublisher.class);
    logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    logger.detachAppender(logs);
    api.close();
  }

  @Test
  void writesOwnEntryWithSuppliedValues() {
    api.createPair(PAIR);
    NodeStatus status = status("NORMAL", 412, 80, 40);
    status.setPartnerState(FailoverState.NORMAL);
    status.setLink("Up");
    status.setVersion("0.1.0");
    status.setConfigVersion("abc123");
    status.setLastContact("2025-03-01T09:59:58Z");

    StatusPublisher publisher = publisher(Role.PRIMARY, () -> status);

    NodeStatus written =
        await().atMost(AWAIT).until(() -> entry(Role.PRIMARY), s -> s != null);
    assertThat(written.getState()).isEqualTo(FailoverState.NORMAL);
    assertThat(written.getSince()).isEqualTo("2025-03-01T09:00:00Z");
    assertThat(written.getPartnerState()).isEqualTo(FailoverState.NORMAL);
    assertThat(written.getLink()).isEqualTo("Up");
    assertThat(written.getLeases().getActive()).isEqualTo(412);
    assertThat(written.getLeases().getFree()).isEqualTo(80);
    assertThat(written.getLeases().getBackup()).isEqualTo(40);
    assertThat(written.getVersion()).isEqualTo("0.1.0");
    assertThat(written.getConfigVersion()).isEqualTo("abc123");
    assertThat(written.getLastContact()).isEqualTo("2025-03-01T09:59:58Z");
    assertThat(written.getUpdated()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(api.get(PAIR).getStatus().getSecondary()).isNull();
    assertThat(publisher.failedWrites()).isZero();
  }

  @Test
  void secondaryWriteKeepsPrimaryEntry() {
    api.createPair(PAIR);
    publisher(Role.PRIMARY, () -> status("NORMAL", 10, 5, 5));
    await().atMost(AWAIT).until(() -> entry(Role.PRIMARY) != null);

    publisher(Role.SECONDARY, () -> status("NORMAL", 0, 0, 5));

    await().atMost(AWAIT).until(() -> entry(Role.SECONDARY) != null);
    NodeStatus primary = entry(Role.PRIMARY);
    assertThat(primary.getState()).isEqualTo(FailoverState.NORMAL);
    assertThat(primary.getLeases().getActive()).isEqualTo(10);
    assertThat(entry(Role.SECONDARY).getLeases().getBackup()).isEqualTo(5);
  }

  @Test
  void nodeWriteKeepsOperatorKeys() {
    api.createPair(PAIR);
    AtomicReference<NodeStatus> current = new AtomicReference<>(status("STARTUP", 0, 0, 0));
    StatusPublisher publisher = publisher(Role.PRIMARY, current::get);
    await().atMost(AWAIT).until(() -> entry(Role.PRIMARY) != null);

    api.operatorPatchStatus(
        PAIR,
        "{\"status\":{\"observedGeneration\":3,\"phase\":\"Running\","
            + "\"configVersion\":\"a1b2c3d4e5f6\",\"conditions\":[{\"type\":"
            + "\"Ready\",\"status\":\"True\",\"reason\":\"BothNormal\",\"message\":\"ok\","
            + "\"lastTransitionTime\":\"2025-03-01T10:00:00Z\"}]}}");
    current.set(status("NORMAL", 3, 2, 1));
    publisher.notifyChanged();

    await().atMost(AWAIT).until(() -> entry(Role.PRIMARY).getState() == FailoverState.NORMAL);
    DhcpFailoverPair pair = api.get(PAIR);
    assertThat(pair.getStatus().getObservedGeneration()).isEqualTo(3L);
    assertThat(pair.getStatus().getPhase()).isEqualTo("Running");
    assertThat(pair.getStatus().getConfigVersion()).isEqualTo("a1b2c3d4e5f6");
    assertThat(pair.getStatus().getConditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("BothNormal");
            });
  }

  @Test
  void notifyChangedWritesNewStatePromptlyDespiteMinInterval() {
    api.createPair(PAIR);
    AtomicReference<NodeStatus> current = new AtomicReference<>(status("NORMAL", 1, 1, 1));
    StatusPublisher publisher =
        publisher(Role.PRIMARY, current::get, Duration.ofHours(1), Duration.ofHours(1));
    await().atMost(AWAIT).until(() -> entry(Role.PRIMARY) != null);

    current.set(status("COMMUNICATIONS-INTERRUPTED", 1, 1, 1));
    publisher.notifyChanged();

    await()
        .atMost(Duration.ofSeconds(3))
        .until(
            () -> entry(Role.PRIMARY).getState() == FailoverState.COMMUNICATIONS_INTERRUPTED);
  }

  @Test
  void changedContentIsWrittenAfterMinIntervalWithoutNotify() {
    api.createPair(PAIR);
    AtomicReference<NodeStatus> current = new AtomicReference<>(status("NORMAL", 1, 9, 0));
    publisher(Role.PRIMARY, current::get, Duration.ofMillis(200), Duration.ofHours(1));
    await().atMost(AWAIT).until(() -> entry(Role.PRIMARY) != null);

    current.set(status("NORMAL", 2, 8, 0));

    await().atMost(AWAIT).until(() -> entry(Role.PRIMARY).getLeases().getActive() == 2L);
  }

  @Test
  void unchangedContentIsNotRewrittenBeforeHeartbeat() throws InterruptedException {
    api.createPair(PAIR);
    StatusPublisher publisher =
        publisher(
            Role.PRIMARY,
            () -> status("NORMAL", 1, 1, 1),
            Duration.ofMillis(20),
            Duration.ofHours(1));
    await().atMost(AWAIT).until(() -> publisher.successfulWrites() == 1);

    clock.set(Instant.parse("2025-03-01T10:00:07Z"));
    Thread.sleep(500);

    assertThat(publisher.successfulWrites()).isEqualTo(1);
    assertThat(entry(Role.PRIMARY).getUpdated()).isEqualTo("2025-03-01T10:00:00Z");
  }

  @Test
  void heartbeatRefreshesUpdated() {
    api.createPair(PAIR);
    publisher(
        Role.PRIMARY,
        () -> status("NORMAL", 1, 1, 1),
        Duration.ofMillis(20),
        Duration.ofMillis(300));
    await().atMost(AWAIT).until(() -> entry(Role.PRIMARY) != null);

    clock.set(Instant.parse("2025-03-01T10:00:30Z"));

    await()
        .atMost(AWAIT)
        .until(() -> "2025-03-01T10:00:30Z".equals(entry(Role.PRIMARY).getUpdated()));
  }

  @Test
  void emptiedFieldIsRemovedFromEntry() {
    api.createPair(PAIR);
    NodeStatus broken = status("NORMAL", 1, 1, 1);
    broken.setConfigError("subnets[0].ranges[0]: outside the subnet");
    AtomicReference<NodeStatus> current = new AtomicReference<>(broken);
    StatusPublisher publisher = publisher(Role.PRIMARY, current::get);
    await()
        .atMost(AWAIT)
        .until(
            () ->
                entry(Role.PRIMARY) != null
                    && entry(Role.PRIMARY).getConfigError() != null);

    current.set(status("NORMAL", 1, 1, 1));
    publisher.notifyChanged();

    await().atMost(AWAIT).until(() -> entry(Role.PRIMARY).getConfigError() == null);
    assertThat(entry(Role.PRIMARY).getState()).isEqualTo(FailoverState.NORMAL);
  }

  @Test
  void missingPairIsRetriedAndPublishedOnceCreated() {
    StatusPublisher publisher =
        publisher(
            Role.PRIMARY,
            () -> status("NORMAL", 1, 1, 1),
            Duration.ofMillis(20),
            Duration.ofHours(1));
    await().atMost(AWAIT).until(() -> publisher.failedWrites() >= 3);
    assertThat(publisher.isRunning()).isTrue();

    api.createPair(PAIR);

    await().atMost(AWAIT).until(() -> entry(Role.PRIMARY) != null);
    assertThat(events("STATUS_PUBLISH_FAILED")).hasSize(1);
    assertThat(events("STATUS_PUBLISH_FAILED").get(0).getLevel()).isEqualTo(Level.WARN);
    await().atMost(AWAIT).until(() -> events("STATUS_PUBLISH_RECOVERED").size() == 1);
  }

  @Test
  void stoppedApiServerIsRetriedAndPublishedOnceBack() {
    api.createPair(PAIR);
    AtomicReference<NodeStatus> current = new AtomicReference<>(status("NORMAL", 1, 1, 1));
    StatusPublisher publisher =
        publisher(
            Role.PRIMARY, current::get, Duration.ofMillis(20), Duration.ofHours(1));
    await().atMost(AWAIT).until(() -> entry(Role.PRIMARY) != null);
    int port = api.port();
    api.stop();

    current.set(status("PARTNER-DOWN", 1, 1, 1));
    publisher.notifyChanged();
    await().atMost(AWAIT).until(() -> publisher.failedWrites() >= 3);
    assertThat(publisher.isRunning()).isTrue();

    MockApi restarted = MockApi.startOn(port);
    toClose.add(restarted);
    restarted.createPair(PAIR);

    await()
        .atMost(AWAIT)
        .until(
            () -> {
              DhcpFailoverPair pair = restarted.get(PAIR);
              return pair != null
                  && pair.getStatus() != null
                  && pair.getStatus().getPrimary() != null
                  && pair.getStatus().getPrimary().getState() == FailoverState.PARTNER_DOWN;
            });
    assertThat(events("STATUS_PUBLISH_FAILED")).hasSize(1);
  }

  @Test
  void publishFinalWritesTheLastStateAtOnceAndStops() {
    api.createPair(PAIR);
    AtomicReference<NodeStatus> current = new AtomicReference<>(status("NORMAL", 1, 1, 1));
    StatusPublisher publisher =
        publisher(Role.PRIMARY, current::get, Duration.ofHours(1), Duration.ofHours(1));
    await().atMost(AWAIT).until(() -> entry(Role.PRIMARY) != null);

    current.set(status("SHUTDOWN", 1, 1, 1));
    assertThat(publisher.publishFinal(Duration.ofSeconds(5))).isTrue();

    assertThat(entry(Role.PRIMARY).getState()).isEqualTo(FailoverState.SHUTDOWN);
    assertThat(publisher.isRunning()).isFalse();
    assertThat(publisher.publishFinal(Duration.ofSeconds(5))).as("only once").isFalse();
  }

  @Test
  void publishFinalGivesUpWhenThePairIsGone() {
    StatusPublisher publisher =
        publisher(Role.PRIMARY, () -> status("SHUTDOWN", 1, 1, 1),
            Duration.ofHours(1), Duration.ofHours(1));

    long start = System.nanoTime();
    assertThat(publisher.publishFinal(Duration.ofSeconds(3))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void closeReturnsWithinOneSecondDuringBackoff() {
    StatusPublisher publisher =
        new StatusPublisher(
            api.client(),
            false,
            MockApi.NAMESPACE,
            PAIR,
            Role.PRIMARY,
            () -> status("NORMAL", 1, 1, 1),
            clock,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
    await().atMost(AWAIT).until(() -> publisher.failedWrites() >= 1);

    long start = System.nanoTime();
    publisher.close();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(Duration.ofSeconds(1));
    assertThat(publisher.isRunning()).isFalse();
  }

  @Test
  void closeReturnsWithinOneSecondWhenIdle() {
    api.createPair(PAIR);
    StatusPublisher publisher =
        new StatusPublisher(
            api.client(),
            MockApi.NAMESPACE,
            PAIR,
            Role.SECONDARY,
            () -> status("NORMAL", 1, 1, 1),
            clock,
            Duration.ofSeconds(5));
    await().atMost(AWAIT).until(() -> publisher.successfulWrites() >= 1);

    long start = System.nanoTime();
    publisher.close();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(Duration.ofSeconds(1));
    assertThat(publisher.isRunning()).isFalse();
  }

  @Test
  void throwingSourceDoesNotStopPublisher() {
    api.createPair(PAIR);
    AtomicReference<NodeStatus> current = new AtomicReference<>();
    StatusPublisher publisher =
        publisher(
            Role.PRIMARY,
            () -> {
              NodeStatus s = current.get();
              if (s == null) {
                throw new IllegalStateException("not ready");
              }
              return s;
            },
            Duration.ofMillis(20),
            Duration.ofMillis(200));
    await().atMost(AWAIT).until(() -> !events("STATUS_SOURCE_FAILED").isEmpty());

    current.set(status("STARTUP", 0, 0, 0));
    publisher.notifyChanged();

    await().atMost(AWAIT).until(() -> entry(Role.PRIMARY) != null);
    assertThat(publisher.isRunning()).isTrue();
  }

  @Test
  void patchBodyCarriesOnlyOwnKeyWithExplicitNulls() throws Exception {
    NodeStatus s = new NodeStatus();
    s.setState(FailoverState.NORMAL);
    s.setUpdated("ignored");

    JsonNode body =
        new ObjectMapper()
            .readTree(StatusPublisher.patchBody(Role.SECONDARY, s, "2025-03-01T10:00:00Z"));

    assertThat(body.size()).isEqualTo(1);
    assertThat(body.get("status").size()).isEqualTo(1);
    JsonNode entry = body.get("status").get("secondary");
    assertThat(entry.get("state").asText()).isEqualTo("NORMAL");
    assertThat(entry.get("updated").asText()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(entry.has("configError")).isTrue();
    assertThat(entry.get("configError").isNull()).isTrue();
    assertThat(entry.get("leases").isNull()).isTrue();
  }

  @Test
  void sendsMergePatchToStatusWithoutQueryString() throws InterruptedException {
    api.createPair(PAIR);
    StatusPublisher publisher = publisher(Role.PRIMARY, () -> status("NORMAL", 1, 1, 1));
    await().atMost(AWAIT).until(() -> publisher.successfulWrites() >= 1);

    List<RecordedRequest> patches =
        api.takeRequests().stream().filter(r -> "PATCH".equals(r.getMethod())).toList();

    assertThat(patches).isNotEmpty();
    for (RecordedRequest patch : patches) {
      assertThat(patch.getPath())
          .isEqualTo(
              "/apis/dhcpfailover.io/v1alpha1/namespaces/"
                  + MockApi.NAMESPACE
                  + "/dhcpfailoverpairs/"
                  + PAIR
                  + "/status");
      assertThat(patch.getHeader("Content-Type")).startsWith("application/merge-patch+json");
    }
  }

  @Test
  void rejectsStandaloneRole() {
    assertThatThrownBy(() -> new StatusPublisher(api.client(), MockApi.NAMESPACE, PAIR,
            Role.STANDALONE, NodeStatus::new, clock, Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("standalone");
  }

  private StatusPublisher publisher(Role role, Supplier<NodeStatus> source) {
    return publisher(role, source, Duration.ofMillis(50), Duration.ofHours(1));
  }

  private StatusPublisher publisher(
      Role role, Supplier<NodeStatus> source, Duration minInterval, Duration heartbeat) {
    StatusPublisher publisher =
        new StatusPublisher(
            api.client(),
            false,
            MockApi.NAMESPACE,
            PAIR,
            role,
            source,
            clock,
            minInterval,
            heartbeat,
            Duration.ofMillis(50),
            Duration.ofMillis(200));
    toClose.add(0, publisher);
    return publisher;
  }

  private NodeStatus entry(Role role) {
    DhcpFailoverPair pair = api.get(PAIR);
    if (pair == null || pair.getStatus() == null) {
      return null;
    }
    return role.nodeStatus(pair.getStatus());
  }

  private List<ILoggingEvent> events(String name) {
    synchronized (logs.list) {
      return logs.list.stream()
          .filter(e -> e.getFormattedMessage().startsWith(name + " "))
          .toList();
    }
  }

  private static NodeStatus status(String state, long active, long free, long backup) {
    NodeStatus s = new NodeStatus();
    s.setState(FailoverState.of(state));
    s.setSince("2025-03-01T09:00:00Z");
    s.setLeases(new LeaseCounts(active, free, backup));
    return s;
  }

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void set(Instant instant) {
      now.set(instant);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
