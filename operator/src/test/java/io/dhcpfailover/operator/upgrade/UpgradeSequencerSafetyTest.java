package io.dhcpfailover.operator.upgrade;

import static io.dhcpfailover.api.v1alpha1.Role.PRIMARY;
import static io.dhcpfailover.api.v1alpha1.Role.SECONDARY;
import static io.dhcpfailover.operator.upgrade.FakePair.V1;
import static io.dhcpfailover.operator.upgrade.FakePair.V2;
import static io.dhcpfailover.operator.upgrade.RestartReason.IMAGE_CHANGED;
import static io.dhcpfailover.operator.upgrade.UpgradeSequencer.RESTART_BOUND;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The roll never restarts a node unless its partner is healthy (NORMAL, or PARTNER-DOWN serving
 * alone; Ready; that state reported after its pod started) or has served nobody for longer than
 * {@link UpgradeSequencer#RESTART_BOUND}; while the partner is about to serve (RECOVER,
 * RECOVER-WAIT, RECOVER-DONE or STARTUP reported by its pod), only when the node itself has served
 * nobody for longer than that.
 */
class UpgradeSequencerSafetyTest {

  @Test
  void primaryThatTurnsNotReadyWhileTheNewSecondaryRecoversIsNotRestarted() {
    FakePair fake = FakePair.running();
    fake.setImage(V2);
    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(SECONDARY, IMAGE_CHANGED));
    assertThat(fake.step()).isEqualTo(new Step.DeletePod(SECONDARY, IMAGE_CHANGED));
    fake.report(PRIMARY, "PARTNER-DOWN");
    fake.advance(Duration.ofSeconds(20));
    fake.startUnreadyPod(SECONDARY);
    fake.report(SECONDARY, "RECOVER");
    Instant secondaryStarted = fake.now;
    fake.advance(Duration.ofSeconds(15));
    // three failed readiness probes, a full journal, or its Kubernetes node NotReady
    fake.notReady(PRIMARY);

    while (!fake.now.isAfter(secondaryStarted.plus(RESTART_BOUND))) {
      Step step = fake.step();
      assertThat(step).as("at %s", fake.now).isInstanceOf(Step.WaitForNode.class);
      assertThat(fake.image(PRIMARY)).isEqualTo(V1);
      assertThat(fake.pods).containsKey(PRIMARY);
      fake.advance(Duration.ofSeconds(15));
    }

    // the secondary is back and NORMAL: it serves, so the primary may now be restarted
    fake.startPod(SECONDARY);
    fake.report(SECONDARY, "NORMAL");
    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(PRIMARY, IMAGE_CHANGED));
    assertThat(fake.step()).isEqualTo(new Step.DeletePod(PRIMARY, IMAGE_CHANGED));
  }

  @Test
  void partnerNormalAndReadyButReportedBeforeItsPodStartedDoesNotAllowARestart() {
    FakePair fake = FakePair.running();
    fake.advance(Duration.ofSeconds(10));
    fake.report(PRIMARY, "NORMAL"); // the old primary pod's last report
    fake.advance(Duration.ofSeconds(10));
    fake.startPod(PRIMARY); // a new pod, Ready, that has reported nothing yet
    fake.notReady(SECONDARY);
    fake.setImage(V2);

    Step step = fake.step();
    assertThat(step).isInstanceOf(Step.WaitForNormal.class);
    assertThat(fake.image(SECONDARY)).isEqualTo(V1);

    fake.advance(Duration.ofSeconds(5));
    fake.report(PRIMARY, "NORMAL");
    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(SECONDARY, IMAGE_CHANGED));
  }

  @Test
  void partnerThatServedNobodyForLongerThanTheBoundAllowsTheRestart() {
    FakePair fake = FakePair.running();
    fake.setImage(V2);
    fake.step();
    fake.step();
    fake.report(PRIMARY, "PARTNER-DOWN");
    fake.advance(Duration.ofSeconds(20));
    fake.startUnreadyPod(SECONDARY); // the new image never gets Ready
    Instant secondaryStarted = fake.now;
    fake.advance(RESTART_BOUND.minusSeconds(10));
    fake.notReady(PRIMARY);
    fake.advance(Duration.ofSeconds(10));

    assertThat(fake.now).isEqualTo(secondaryStarted.plus(RESTART_BOUND));
    assertThat(fake.step()).isInstanceOf(Step.WaitForNode.class);
    fake.advance(Duration.ofSeconds(1));
    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(PRIMARY, IMAGE_CHANGED));
  }

  @Test
  void primaryIsNotRestartedWhileTheNewSecondaryWaitsInRecoverWaitUnlessItServedNobodyForTheBound() {
    FakePair fake = FakePair.running();
    fake.setImage(V2);
    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(SECONDARY, IMAGE_CHANGED));
    assertThat(fake.step()).isEqualTo(new Step.DeletePod(SECONDARY, IMAGE_CHANGED));
    fake.report(PRIMARY, "PARTNER-DOWN");
    fake.advance(Duration.ofSeconds(20));
    fake.startUnreadyPod(SECONDARY);
    fake.report(SECONDARY, "RECOVER");
    fake.advance(Duration.ofSeconds(5));
    // MCLT (an hour by default) must pass before it may serve: not Ready, serving nobody meanwhile
    fake.report(SECONDARY, "RECOVER-WAIT");
    fake.advance(Duration.ofMinutes(10).minusSeconds(10));
    fake.notReady(PRIMARY); // it may still be the only node serving
    fake.advance(Duration.ofSeconds(10));

    // the secondary has served nobody for 10 minutes, far longer than the bound: no matter
    assertThat(fake.step()).isInstanceOf(Step.WaitForNode.class);
    assertThat(fake.image(PRIMARY)).isEqualTo(V1);
    assertThat(fake.pods).containsKey(PRIMARY);

    Instant primaryNotReady = fake.now.minusSeconds(10);
    fake.advance(RESTART_BOUND.minusSeconds(10));
    assertThat(fake.now).isEqualTo(primaryNotReady.plus(RESTART_BOUND));
    assertThat(fake.step()).isInstanceOf(Step.WaitForNode.class);
    assertThat(fake.image(PRIMARY)).isEqualTo(V1);

    // the primary itself has served nobody for longer than the bound: a restart takes nothing
    fake.advance(Duration.ofSeconds(1));
    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(PRIMARY, IMAGE_CHANGED));
    assertThat(fake.step()).isEqualTo(new Step.DeletePod(PRIMARY, IMAGE_CHANGED));
  }

  @Test
  void revertOfABadSecondaryRestartsItWhileThePrimaryServesAlone() {
    FakePair fake = FakePair.running();
    fake.setImage(V2);
    fake.step();
    fake.step();
    fake.report(PRIMARY, "PARTNER-DOWN");
    fake.advance(Duration.ofSeconds(20));
    fake.startUnreadyPod(SECONDARY);
    fake.report(SECONDARY, "RECOVER"); // and never further
    fake.advance(Duration.ofSeconds(30)); // well within the bound: the primary's state allows it

    fake.setImage(V1);
    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(SECONDARY, IMAGE_CHANGED));
    assertThat(fake.step()).isEqualTo(new Step.DeletePod(SECONDARY, IMAGE_CHANGED));
    fake.advance(Duration.ofSeconds(20));
    fake.startPod(SECONDARY);
    fake.report(SECONDARY, "NORMAL");
    fake.report(PRIMARY, "NORMAL");
    assertThat(fake.step()).isInstanceOf(Step.Done.class);
    assertThat(fake.image(PRIMARY)).isEqualTo(V1);
    assertThat(fake.image(SECONDARY)).isEqualTo(V1);
  }

  @Test
  void revertOfASecondaryThatIsNormalButNotReadyRestartsItWhileThePrimaryIsNormal() {
    FakePair fake = FakePair.running();
    fake.setImage(V2);
    fake.step();
    fake.step();
    fake.advance(Duration.ofSeconds(20));
    fake.startUnreadyPod(SECONDARY); // NORMAL, but the new image cannot write its store
    fake.advance(Duration.ofSeconds(5));
    fake.report(SECONDARY, "NORMAL");
    fake.report(PRIMARY, "NORMAL");

    fake.setImage(V1);
    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(SECONDARY, IMAGE_CHANGED));
    assertThat(fake.step()).isEqualTo(new Step.DeletePod(SECONDARY, IMAGE_CHANGED));
  }
}
