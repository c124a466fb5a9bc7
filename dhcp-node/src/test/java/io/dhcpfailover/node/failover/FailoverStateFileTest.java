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
