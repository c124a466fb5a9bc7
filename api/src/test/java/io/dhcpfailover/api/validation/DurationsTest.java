package io.dhcpfailover.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "45s, 45",
    "5m, 300",
    "1h, 3600",
    "1h30m, 5400",
    "2h0m5s, 7205",
    "0s, 0",
    "90m, 5400"
  })
  void parsesGoStyleDurations(String text, long seconds) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1x", "1h30", "30m1h", "1h1h", "-5s", "1.5h", "0", "", " 1h", "1d", "h"})
  void rejectsGarbageNamingTheText(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"0, 0s", "45, 45s", "5400, 1h30m", "3605, 1h5s", "86400, 24h"})
  void formatsWhatItParses(long seconds, String text) {
    assertThat(Durations.format(Duration.ofSeconds(seconds))).isEqualTo(text);
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
  }
}
