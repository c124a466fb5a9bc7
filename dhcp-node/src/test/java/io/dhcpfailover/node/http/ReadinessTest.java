package io.dhcpfailover.node.http;

import static io.dhcpfailover.node.codec.failover.ServerState.COMMUNICATIONS_INTERRUPTED;
import static io.dhcpfailover.node.codec.failover.ServerState.CONFLICT_DONE;
import static io.dhcpfailover.node.codec.failover.ServerState.NORMAL;
import static io.dhcpfailover.node.codec.failover.ServerState.PARTNER_DOWN;
import static io.dhcpfailover.node.codec.failover.ServerState.PAUSED;
import static io.dhcpfailover.node.codec.failover.ServerState.POTENTIAL_CONFLICT;
import static io.dhcpfailover.node.codec.failover.ServerState.RECOVER;
import static io.dhcpfailover.node.codec.failover.ServerState.RECOVER_DONE;
import static io.dhcpfailover.node.codec.failover.ServerState.RECOVER_WAIT;
import static io.dhcpfailover.node.codec.failover.ServerState.RESOLUTION_INTERRUPTED;
import static io.dhcpfailover.node.codec.failover.ServerState.SHUTDOWN;
import static io.dhcpfailover.node.codec.failover.ServerState.STARTUP;
import static io.dhcpfailover.node.codec.failover.ServerState.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.failover.ServerState;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A node is ready when it fulfils its role now: what each failover state and the store say. */
class ReadinessTest {

  /** Every failover state and whether a node in it, with a writable store, is ready. */
  private static final Map<ServerState, Boolean> READY_WITH_WRITABLE_STORE =
      Map.ofEntries(
          Map.entry(STARTUP, false),
          Map.entry(RECOVER, false),
          Map.entry(RECOVER_WAIT, false),
          Map.entry(RECOVER_DONE, false),
          Map.entry(POTENTIAL_CONFLICT, false),
          Map.entry(RESOLUTION_INTERRUPTED, false),
          Map.entry(CONFLICT_DONE, false),
          Map.entry(PAUSED, false),
          Map.entry(SHUTDOWN, false),
          Map.entry(UNKNOWN, false),
          Map.entry(NORMAL, true),
          Map.entry(COMMUNICATIONS_INTERRUPTED, true),
          Map.entry(PARTNER_DOWN, true));

  @ParameterizedTest(name = "{0} with a writable store")
  @EnumSource(ServerState.class)
  void failoverStateDecidesReadinessWhileTheStoreIsWritable(ServerState state) {
    assertThat(READY_WITH_WRITABLE_STORE).as("the table places every state").containsKey(state);
    assertThat(Readiness.ready(state, null)).isEqualTo(READY_WITH_WRITABLE_STORE.get(state));
  }

  @ParameterizedTest(name = "{0} with an unwritable store")
  @EnumSource(ServerState.class)
  void noFailoverStateIsReadyWithAnUnwritableStore(ServerState state) {
    assertThat(Readiness.ready(state, "journal full")).isFalse();
  }

  @Test
  void standaloneNodeIsReadyExactlyWhenItsStoreIsWritable() {
    assertThat(Readiness.ready(null, null)).isTrue();
    assertThat(Readiness.ready(null, "journal full")).isFalse();
  }
}
