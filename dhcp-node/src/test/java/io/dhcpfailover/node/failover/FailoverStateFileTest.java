package io.dhcpfailover.node.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dhcpfailover.node.codec.failover.ServerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailoverStateFileTest {
  @TempDir Path dir;

  @Test
  void missingFileReadsAsNoRecord() throws IOException {
    assertThat(new FailoverStateFile(dir.resolve("failover.state")).read()).isNull();
  }

  @Test
  void writesAndReadsBackEveryStateIncludingRecoverWait() throws IOException {
    FailoverStateFile f = new FailoverStateFile(dir.resolve("sub/failover.state"));
    for (ServerState s : ServerState.values()) {
      FailoverStateRecord r = new FailoverStateRecord(s, 1795327844L, ServerState.NORMAL, 17, 30);
      f.write(r);
      assertThat(f.read()).isEqualTo(r);
    }
    assertThat(Files.readString(f.path())).contains("state=recover-wait\n");
    try (var files = Files.list(f.path().getParent())) {
      assertThat(files).containsExactly(f.path());
    }
  }

  /**
   * When the node lost its bindings must survive a restart: once its store holds anything again
   * it no longer looks wiped, yet leases it gave before may still run. Files without the key (an
   * older node's) read as never lost.
   */
  @Test
  void whenBindingsWereLostSurvivesARestart() throws IOException {
    FailoverStateFile f = new FailoverStateFile(dir.resolve("failover.state"));
    FailoverStateRecord lost = new FailoverStateRecord(ServerState.PARTNER_DOWN, 100, ServerState.UNKNOWN, 0, 30, 90);
    f.write(lost);
    assertThat(f.read()).isEqualTo(lost);
    f.write(new FailoverStateRecord(ServerState.NORMAL, 100, ServerState.NORMAL, 0, 30));
    assertThat(Files.readString(f.path())).doesNotContain("bindings-lost-at");
    assertThat(f.read().bindingsLostAt()).isZero();

    FailoverStateMachine m = new FailoverStateMachine(io.dhcpfailover.api.v1alpha1.Role.SECONDARY, 30, 0);
    m.startup(null, 500, true);
    assertThat(m.bindingsLostAt()).as("an empty store: lost now").isEqualTo(500);
    m.startup(m.record(), 600, false);
    assertThat(m.bindingsLostAt()).as("restarted with a store again").isEqualTo(500);
    assertThat(m.record().bindingsLostAt()).isEqualTo(500);
  }

  @Test
  void theEndOfTheLastRecoverWaitSurvivesARestartAndHoldsInNormal() throws IOException {
    FailoverStateFile f = new FailoverStateFile(dir.resolve("failover.state"));
    FailoverStateRecord fenced =
        new FailoverStateRecord(ServerState.PARTNER_DOWN, 100, ServerState.PARTNER_DOWN, 0, 30, 0, 4000);
    f.write(fenced);
    assertThat(f.read()).isEqualTo(fenced);
    assertThat(Files.readString(f.path())).contains("reuse-fence=4000");

    // restarted in PARTNER-DOWN (as it left), and later NORMAL: the fence still holds
    FailoverStateMachine m = new FailoverStateMachine(io.dhcpfailover.api.v1alpha1.Role.PRIMARY, 30, 0);
    m.startup(f.read(), 3000, false);
    assertThat(m.reuseAfter(600)).isEqualTo(4000);
    assertThat(m.record().reuseFence()).isEqualTo(4000);
    m.startup(null, 5000, true);
    assertThat(m.record().reuseFence()).as("an empty store starts over: the loss marker rules").isZero();
  }

  @Test
  void theFenceForClientsOfAPartnerThatLostItsStoreSurvivesARestart() throws IOException {
    FailoverStateFile f = new FailoverStateFile(dir.resolve("failover.state"));
    FailoverStateRecord fenced =
        new FailoverStateRecord(ServerState.PARTNER_DOWN, 100, ServerState.RECOVER, 0, 30, 0, 0, 4100);
    f.write(fenced);
    assertThat(f.read()).isEqualTo(fenced);
    assertThat(Files.readString(f.path())).contains("client-reuse-fence=4100").doesNotContain("reuse-fence=0");
    FailoverStateMachine m = new FailoverStateMachine(io.dhcpfailover.api.v1alpha1.Role.PRIMARY, 30, 0);
    m.startup(f.read(), 3000, false);
    assertThat(m.clientReuseAfter()).isEqualTo(4100);
  }

  @Test
  void corruptFileIsAnErrorNotAGuess() throws IOException {
    Path p = dir.resolve("failover.state");
    Files.writeString(p, "format=1\nstate=normal\nsince=12\n");
    assertThatThrownBy(() -> new FailoverStateFile(p).read())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("missing partner-state");
    Files.writeString(
        p, "format=1\nstate=sleepy\nsince=1\npartner-state=normal\npartner-since=1\nmclt=1\n");
    assertThatThrownBy(() -> new FailoverStateFile(p).read())
        .hasMessageContaining("unknown state 'sleepy'");
  }
}
