package io.dhcpfailover.node.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShedLogTest {
  static final long SECOND = 1_000_000_000L;

  @Test
  void logsTheFirstThenAtMostOneSummaryPerReasonAndPeriod() {
    List<String> lines = new ArrayList<>();
    ShedLog log = new ShedLog(10 * SECOND, (m, a) -> lines.add(m + " " + Arrays.toString(a)));
    for (int i = 0; i < 10_000; i++) {
      log.shed("client_rate_limit", () -> "198.18.0.9", i * (SECOND / 1000)); // 10 s at 1000/s
    }
    log.shed("client_rate_limit", () -> "198.18.0.9", 10 * SECOND);
    log.shed("relay_rate_limit", () -> "198.18.0.20", 10 * SECOND);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("client_rate_limit");
    assertThat(lines.get(1)).contains("[client_rate_limit, 10000, 10, 198.18.0.9]");
    assertThat(lines.get(2)).contains("relay_rate_limit");
  }
}
