package io.dhcpfailover.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequirementsTest {

  @Test
  void aMissingRequirementSkipsOutsideCi() {
    assertThatThrownBy(() -> Requirements.require(false, "apt-get install faketime", Map.of()))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("apt-get install faketime");
  }

  @Test
  void aMissingRequirementFailsUnderCiSayingWhatToInstall() {
    assertThatThrownBy(() -> Requirements.require(false, "apt-get install faketime", Map.of("CI", "true")))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("CI=true")
        .hasMessageContaining("apt-get install faketime");
  }

  @Test
  void aMetRequirementNeitherSkipsNorFails() {
    assertThatCode(() -> Requirements.require(true, "nothing", Map.of("CI", "true"))).doesNotThrowAnyException();
    assertThatCode(() -> Requirements.require(true, "nothing", Map.of())).doesNotThrowAnyException();
  }

  @Test
  void onlyCiTrueCountsAsCi() {
    assertThat(Requirements.inCi(Map.of("CI", "true"))).isTrue();
    assertThat(Requirements.inCi(Map.of("CI", "TRUE"))).isTrue();
    assertThat(Requirements.inCi(Map.of("CI", "false"))).isFalse();
    assertThat(Requirements.inCi(Map.of())).isFalse();
  }

  @Test
  void findsCommandsOnThePathAndInSbin() {
    assertThat(Requirements.onPath("sh", "/bin:/usr/bin")).isTrue();
    assertThat(Requirements.onPath("no-such-command-here", "/bin:/usr/bin")).isFalse();
  }
}
