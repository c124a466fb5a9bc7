package io.dhcpfailover.node.failover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Digest §E.2 with draft-12 §5.2.1's worked example and the ISC captures. */
class LeaseTimePolicyTest {
  private static final long HOUR = 3600;
  private static final long DAY = 24 * HOUR;
  private static final long NOW = 1_795_327_497L;

  @Test
  void draftExampleFirstAckGetsMcltThenRenewalGetsDesired() {
    long mclt = HOUR;
    long desired = 3 * DAY;
    LeaseTimePolicy.Grant first = LeaseTimePolicy.grant(desired, mclt, 0, NOW);
    assertThat(first.leaseTime()).isEqualTo(HOUR);
    assertThat(first.potentialExpiration()).isEqualTo(NOW + 3 * DAY + HOUR / 2);

    // the partner acknowledged that PET; the client renews at T1 (half the lease)
    long t1 = NOW + HOUR / 2;
    LeaseTimePolicy.Grant renewal =
        LeaseTimePolicy.grant(desired, mclt, first.potentialExpiration(), t1);
    assertThat(renewal.leaseTime()).isEqualTo(3 * DAY);
    assertThat(renewal.potentialExpiration()).isEqualTo(t1 + 3 * DAY + 3 * DAY / 2);
  }

  @Test
  void iscCaptureNewClientThenRenewal() {
    // captures b: MCLT 30, D 3600: first lease 30 s, PET +3615; renewal 3600 s, PET +5400
    LeaseTimePolicy.Grant first = LeaseTimePolicy.grant(3600, 30, 0, NOW);
    assertThat(first).isEqualTo(new LeaseTimePolicy.Grant(30, NOW + 3615));
    long renew = NOW + 15;
    assertThat(LeaseTimePolicy.grant(3600, 30, first.potentialExpiration(), renew))
        .isEqualTo(new LeaseTimePolicy.Grant(3600, renew + 5400));
  }

  @Test
  void desiredNotAboveMcltIsGivenAsIs() {
    assertThat(LeaseTimePolicy.leaseTime(600, 3600, 0, NOW)).isEqualTo(600);
    assertThat(LeaseTimePolicy.leaseTime(3600, 3600, 0, NOW)).isEqualTo(3600);
  }

  @Test
  void partnerKnowledgeInThePastGivesMclt() {
    assertThat(LeaseTimePolicy.leaseTime(DAY, HOUR, NOW, NOW)).isEqualTo(HOUR);
    assertThat(LeaseTimePolicy.leaseTime(DAY, HOUR, NOW - 1, NOW)).isEqualTo(HOUR);
  }

  @Test
  void leaseIsCappedAtPartnerKnowledgePlusMclt() {
    // the partner knows until now + 2h; lease ends no later than now + 2h + 1h
    assertThat(LeaseTimePolicy.leaseTime(DAY, HOUR, NOW + 2 * HOUR, NOW)).isEqualTo(3 * HOUR);
  }

  @Test
  void leaseWithinPartnerKnowledgePlusMcltIsDesired() {
    assertThat(LeaseTimePolicy.leaseTime(DAY, HOUR, NOW + DAY, NOW)).isEqualTo(DAY);
    assertThat(LeaseTimePolicy.leaseTime(DAY, HOUR, NOW + DAY - HOUR, NOW)).isEqualTo(DAY);
  }
}
