package io.dhcpfailover.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The first-seen table: entries, times, the admitted flag, and replacement of the oldest. */
class FirstSeenTableTest {
  static final long T0 = 1_800_000_000_000L;

  static ClientKey key(int n) {
    return ClientKey.ofHardware(new byte[] {2, 0, 0, (byte) (n >> 16), (byte) (n >> 8), (byte) n});
  }

  @Test
  void remembersTimeAndAdmissionToATenthOfASecond() {
    FirstSeenTable t = new FirstSeenTable(T0);
    assertThat(t.get(key(1))).isNull();
    t.put(key(1), T0 + 12_345, false);
    assertThat(t.get(key(1))).isEqualTo(new FirstSeenTable.Entry(T0 + 12_300, false));
    t.put(key(1), T0 + 20_000, true);
    assertThat(t.get(key(1))).isEqualTo(new FirstSeenTable.Entry(T0 + 20_000, true));
    assertThat(t.get(key(2))).isNull();
    assertThat(t.size()).isEqualTo(1);
  }

  @Test
  void aFullTableReplacesTheOldestEntriesAndNeverGrows() {
    FirstSeenTable t = new FirstSeenTable(T0);
    int capacity = FirstSeenTable.BUCKETS * FirstSeenTable.WAYS;
    for (int n = 0; n < 3 * capacity; n++) {
      t.put(key(n), T0 + 1000 + 100L * n, false); // each one a tenth of a second newer
    }
    assertThat(t.size()).isLessThanOrEqualTo(capacity);
    // the newest ones are all there; the oldest were replaced
    for (int n = 3 * capacity - 1000; n < 3 * capacity; n++) {
      assertThat(t.get(key(n))).as("key %d", n).isNotNull();
    }
    int oldLeft = 0;
    for (int n = 0; n < 10_000; n++) {
      oldLeft += t.get(key(n)) == null ? 0 : 1;
    }
    assertThat(oldLeft).isLessThan(50);
  }
}
