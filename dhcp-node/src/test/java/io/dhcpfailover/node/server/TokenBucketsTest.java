package io.dhcpfailover.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TokenBucketsTest {
  static final long SECOND = 1_000_000_000L;

  @Test
  void allowsABurstThenRefusesUntilTokensComeBack() {
    TokenBuckets b = new TokenBuckets(4, 4, 100);
    for (int i = 0; i < 4; i++) {
      assertThat(b.tryAcquire(7, 0)).as("packet %d", i).isTrue();
    }
    assertThat(b.tryAcquire(7, 0)).isFalse();
    assertThat(b.tryAcquire(7, SECOND / 8)).as("half a token").isFalse();
    assertThat(b.tryAcquire(7, SECOND / 4)).as("one token after 1/4 s").isTrue();
    assertThat(b.tryAcquire(7, SECOND / 4)).isFalse();
  }

  @Test
  void holdsNoMoreThanTheBurstAfterALongQuiet() {
    TokenBuckets b = new TokenBuckets(10, 2, 100);
    b.tryAcquire(1, 0);
    int passed = 0;
    for (int i = 0; i < 10; i++) {
      passed += b.tryAcquire(1, 3600 * SECOND) ? 1 : 0;
    }
    assertThat(passed).isEqualTo(2);
  }

  @Test
  void sustainsTheConfiguredRate() {
    TokenBuckets b = new TokenBuckets(100, 100, 10);
    int passed = 0;
    // 10 s of 1000 packets a second from one key
    for (long t = 0; t < 10 * SECOND; t += SECOND / 1000) {
      passed += b.tryAcquire(42, t) ? 1 : 0;
    }
    assertThat(passed).isBetween(1000, 1101);
  }

  @Test
  void keysAreLimitedIndependently() {
    TokenBuckets b = new TokenBuckets(1, 1, 100);
    assertThat(b.tryAcquire(1, 0)).isTrue();
    assertThat(b.tryAcquire(1, 0)).isFalse();
    assertThat(b.tryAcquire(2, 0)).isTrue();
  }

  @Test
  void aFloodOfNewKeysKeepsMemoryBounded() {
    TokenBuckets b = new TokenBuckets(1, 1, 1000);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 1_000_000; i++) {
      b.tryAcquire(random.nextLong(), i);
    }
    assertThat(b.size()).isEqualTo(1000);
  }

  @Test
  void aKeyThatKeepsSendingStaysLimitedAmidAFloodOfNewKeys() {
    TokenBuckets b = new TokenBuckets(1, 1, 100);
    SplittableRandom random = new SplittableRandom(2);
    int passed = 0;
    for (int i = 0; i < 100_000; i++) {
      long now = i * (SECOND / 10_000); // 10 s in all
      b.tryAcquire(random.nextLong(), now);
      passed += b.tryAcquire(-1, now) ? 1 : 0;
    }
    assertThat(passed).isBetween(10, 11);
  }

  @Test
  void refusesNonsenseSettings() {
    assertThatThrownBy(() -> new TokenBuckets(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBuckets(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenBuckets(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
