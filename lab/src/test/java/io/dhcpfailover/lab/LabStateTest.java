package io.dhcpfailover.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabStateTest {
  @TempDir Path dir;

  @Test
  void writtenStateReadsBackTheSame() throws Exception {
    LabState state = new LabState(4242, Instant.parse("2026-01-02T03:04:05.678Z"), "dfplab", "dfplabu");
    state.write(dir);

    assertThat(LabState.read(dir)).contains(state);
    LabState.delete(dir);
    assertThat(LabState.read(dir)).isEmpty();
  }

  @Test
  void thisProcessIsLiveAndAnotherStartTimeIsNot() {
    LabState self = LabState.ofThisProcess("dfplab", "dfplabu");
    assertThat(self.liveProcess()).isPresent();

    LabState reused = new LabState(self.pid(), self.started().minusSeconds(1), "dfplab", "dfplabu");
    assertThat(reused.liveProcess()).as("a PID whose start time differs is another process").isEmpty();
    assertThat(new LabState(self.pid(), null, "dfplab", "dfplabu").liveProcess())
        .as("without a start time no process is taken for the lab").isEmpty();
  }

  @Test
  void malformedFilesNameTheField() {
    assertThatThrownBy(() -> LabState.parse("prefix=dfplab\nuplink=dfplabu\n"))
        .hasMessage("pid: missing");
    assertThatThrownBy(() -> LabState.parse("pid=12x\nprefix=dfplab\nuplink=dfplabu\n"))
        .hasMessageStartingWith("pid: not a number");
    assertThatThrownBy(() -> LabState.parse("pid=12\nstarted=yesterday\nprefix=dfplab\nuplink=u\n"))
        .hasMessageStartingWith("started: not an instant");
    assertThatThrownBy(() -> LabState.parse("pid=12\nprefix=../etc\nuplink=dfplabu\n"))
        .hasMessageContaining("bad namespace prefix");
    assertThatThrownBy(() -> LabState.parse("pid=-3\nprefix=dfplab\nuplink=dfplabu\n"))
        .hasMessageContaining("pid must be positive");
  }
}
