package io.dhcpfailover.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientKeyTest {

  /** 65536 hardware addresses that differ only in their last two bytes, as perfdhcp sends them. */
  private static byte[] mac(int i) {
    return new byte[] {1, 0x02, 0x00, 0x00, 0x00, (byte) (i >>> 8), (byte) i};
  }

  @Test
  void hardwareAddressesThatDifferInTheirLastBytesSpreadOverTheBuckets() {
    int n = 1 << 16;
    Set<Integer> hashes = new HashSet<>();
    int[] buckets = new int[n];
    for (int i = 0; i < n; i++) {
      int h = ClientKey.ofHardware(mac(i)).hashCode();
      hashes.add(h);
      buckets[(h ^ (h >>> 16)) & (n - 1)]++; // as java.util.HashMap picks a bucket
    }
    int fullest = 0;
    for (int b : buckets) {
      fullest = Math.max(fullest, b);
    }
    assertThat(hashes).as("distinct hashes").hasSizeGreaterThan(n - 10);
    // a uniform hash puts at most about ten keys in the fullest of 65536 buckets; HashMap makes a
    // bucket of eight or more a tree
    assertThat(fullest).isLessThan(12);
  }

  @Test
  void equalKeysHashAlikeAndIdDiffersFromHardware() {
    assertThat(ClientKey.ofHardware(mac(7))).isEqualTo(ClientKey.ofHardware(mac(7)))
        .hasSameHashCodeAs(ClientKey.ofHardware(mac(7)));
    assertThat(ClientKey.ofClientId(mac(7))).isNotEqualTo(ClientKey.ofHardware(mac(7)));
  }
}
