package io.dhcpfailover.node.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import io.dhcpfailover.node.util.Hex;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Digest §H self-check values and the ISC captures' probes. */
class LoadBalanceHashTest {

  @Test
  void tableMatchesDigestSelfCheckAndIsAPermutation() {
    assertThat(LoadBalanceHash.table(0)).isEqualTo(251);
    assertThat(LoadBalanceHash.table(255)).isEqualTo(151);
    assertThat(LoadBalanceHash.table(128)).isEqualTo(39);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 256; i++) {
      seen.add(LoadBalanceHash.table(i));
    }
    assertThat(seen).hasSize(256).allMatch(v -> v >= 0 && v <= 255);
  }

  @Test
  void digestSelfCheckBuckets() {
    assertThat(LoadBalanceHash.bucket(null, Hex.parse("00:11:22:33:44:55"))).isEqualTo(135);
    assertThat(
            LoadBalanceHash.bucket(
                Hex.parse("01:00:11:22:33:44:55"), Hex.parse("00:11:22:33:44:55")))
        .isEqualTo(223);
  }

  @ParameterizedTest(name = "{0} -> bucket {1}")
  @CsvSource({
    "02:47:43:00:00:01, 66",
    "02:47:43:00:00:04, 168",
    "02:47:43:00:00:05, 163",
  })
  void captureProbeMacs(String mac, int bucket) {
    assertThat(LoadBalanceHash.bucket(null, Hex.parse(mac))).isEqualTo(bucket);
  }

  @Test
  void leaseBucketSkipsHtypeAndPrefersClientId() {
    Lease hw =
        new Lease(
            1,
            BindingState.ACTIVE,
            null,
            Hex.parse("01:00:11:22:33:44:55"),
            null,
            0,
            0,
            0,
            0,
            0,
            0);
    assertThat(LoadBalanceHash.bucket(hw)).isEqualTo(135);
    Lease id =
        new Lease(
            1,
            BindingState.ACTIVE,
            Hex.parse("01:00:11:22:33:44:55"),
            Hex.parse("01:00:11:22:33:44:55"),
            null,
            0,
            0,
            0,
            0,
            0,
            0);
    assertThat(LoadBalanceHash.bucket(id)).isEqualTo(223);
    assertThat(LoadBalanceHash.bucket(Lease.available(1, BindingState.FREE, 0))).isEqualTo(-1);
  }

  @Test
  void splitBitmapsMatchIscCaptures() {
    assertThat(LoadBalanceHash.hbaForSplit(128))
        .isEqualTo(Hex.parse("ffffffffffffffffffffffffffffffff00000000000000000000000000000000"));
    // h-001: split 131 -> byte 16 = 07, bit order LSB first
    assertThat(LoadBalanceHash.hbaForSplit(131))
        .isEqualTo(Hex.parse("ffffffffffffffffffffffffffffffff07000000000000000000000000000000"));
    assertThat(LoadBalanceHash.hbaForSplit(256)).containsOnly((byte) 0xff);
    assertThat(LoadBalanceHash.hbaForSplit(0)).containsOnly((byte) 0);
  }

  @Test
  void setBitMeansPrimaryAsIscDoes() {
    byte[] split128 = LoadBalanceHash.hbaForSplit(128);
    assertThat(LoadBalanceHash.owns(Role.SECONDARY, split128, 135)).isTrue();
    assertThat(LoadBalanceHash.owns(Role.SECONDARY, split128, 223)).isTrue();
    assertThat(LoadBalanceHash.owns(Role.PRIMARY, split128, 5)).isTrue();
    assertThat(LoadBalanceHash.owns(Role.PRIMARY, split128, 135)).isFalse();
    // capture h: split 131, buckets 126-130 primary, 131-133 secondary
    byte[] split131 = LoadBalanceHash.hbaForSplit(131);
    for (int b = 126; b <= 130; b++) {
      assertThat(LoadBalanceHash.primaryServes(split131, b)).as("bucket %d", b).isTrue();
    }
    for (int b = 131; b <= 133; b++) {
      assertThat(LoadBalanceHash.primaryServes(split131, b)).as("bucket %d", b).isFalse();
    }
  }

  @Test
  void loadBalanceMaxSecondsZeroDisablesBalancing() {
    byte[] hba = LoadBalanceHash.hbaForSplit(128);
    assertThat(LoadBalanceHash.balancingApplies(0, 0, false)).isFalse();
    assertThat(LoadBalanceHash.answersDiscover(Role.PRIMARY, hba, 135, 0, 0, false, true)).isTrue();
  }

  @Test
  void secsAboveLoadBalanceMaxSecondsIsAnsweredByEither() {
    byte[] hba = LoadBalanceHash.hbaForSplit(128);
    assertThat(LoadBalanceHash.answersDiscover(Role.PRIMARY, hba, 135, 3, 3, false, true))
        .isFalse();
    assertThat(LoadBalanceHash.answersDiscover(Role.PRIMARY, hba, 135, 4, 3, false, true)).isTrue();
  }

  @Test
  void peerWithoutFreeAddressesLetsEitherAnswer() {
    byte[] hba = LoadBalanceHash.hbaForSplit(128);
    assertThat(LoadBalanceHash.answersDiscover(Role.PRIMARY, hba, 135, 0, 3, false, false))
        .isTrue();
  }

  @Test
  void littleEndianSecsIsSwappedWhenCheckingByteOrder() {
    // secs 4 sent little-endian reads as 0x0400
    assertThat(LoadBalanceHash.effectiveSecs(0x0400, true)).isEqualTo(4);
    assertThat(LoadBalanceHash.effectiveSecs(0x0400, false)).isEqualTo(0x0400);
    assertThat(LoadBalanceHash.effectiveSecs(0x0401, true)).isEqualTo(0x0401);
    assertThat(LoadBalanceHash.balancingApplies(0x0200, 3, true)).isTrue();
  }
}
