package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BindingCheckTest {
  static final String A = "02:5e:00:00:00:01";
  static final String B = "02:5e:00:00:00:02";

  static AckRecord ack(String address, String client, long start, long end) {
    return new AckRecord(address, client, start, end, "198.18.64.2");
  }

  @Test
  void onlyEachClientsLatestAckThatOutlivesTheMarginIsHeld() {
    List<AckRecord> acks =
        List.of(
            ack("198.18.64.100", A, 1_000, 41_000),
            ack("198.18.64.101", A, 5_000, 45_000), // A moved: only this one counts
            ack("198.18.64.102", B, 2_000, 12_000)); // ends before now + margin

    assertThat(BindingCheck.held(acks, 10_000, 20_000))
        .containsExactly(ack("198.18.64.101", A, 5_000, 45_000));
  }

  @Test
  void aBindingOnBothNodesIsClean() {
    BindingCheck.Result r =
        BindingCheck.check(
            List.of(ack("198.18.64.100", A, 0, 100)),
            Map.of("198.18.64.100", A),
            Map.of("198.18.64.100", A.toUpperCase()));
    assertThat(r.clean()).isTrue();
    assertThat(r.checked()).isEqualTo(1);
  }

  @Test
  void aBindingOnNeitherNodeIsLost() {
    BindingCheck.Result r =
        BindingCheck.check(List.of(ack("198.18.64.100", A, 0, 100)), Map.of(), Map.of("198.18.64.100", B));
    assertThat(r.lost()).singleElement().asString().contains("198.18.64.100").contains(A).contains("neither");
    assertThat(r.unsynced()).isEmpty();
  }

  @Test
  void aBindingOnOneNodeIsUnsyncedNamingTheOther() {
    BindingCheck.Result r =
        BindingCheck.check(List.of(ack("198.18.64.100", A, 0, 100)), Map.of("198.18.64.100", A), Map.of());
    assertThat(r.unsynced()).singleElement().asString().contains("missing on the secondary");
    assertThat(r.lost()).isEmpty();
  }
}
