package io.dhcpfailover.operator.upgrade;

import static io.dhcpfailover.api.v1alpha1.Role.PRIMARY;
import static io.dhcpfailover.api.v1alpha1.Role.SECONDARY;
import static io.dhcpfailover.operator.upgrade.FakePair.V1;
import static io.dhcpfailover.operator.upgrade.FakePair.V2;
import static io.dhcpfailover.operator.upgrade.FakePair.V3;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.UpgradePhase;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The roll's decisions, on plain objects. */
class UpgradeSequencerTest {

  @Test
  void newPairWithoutStatefulSetsHasNothingToRoll() {
    FakePair fake = new FakePair();
    assertThat(fake.next()).isEqualTo(new Step.Idle());
  }

  @Test
  void runningPairOnTheDesiredTemplateHasNothingToRoll() {
    FakePair fake = FakePair.running();
    assertThat(fake.next()).isEqualTo(new Step.Idle());
  }

  @Test
  void startingNodesOnTheDesiredTemplateAreNotRestarted() {
    FakePair fake = new FakePair();
    for (Role role : Role.PAIR) {
      fake.live.put(role, fake.desired(role));
      fake.startUnreadyPod(role);
    }
    assertThat(fake.next()).isEqualTo(new Step.Idle());
  }

  @Test
  void imageChangeRollsTheSecondaryThenThePrimaryAndRecordsTheUpgrade() {
    FakePair fake = FakePair.running();
    fake.setImage(V2);

    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(SECONDARY, RestartReason.IMAGE_CHANGED));
    assertThat(fake.image(SECONDARY)).isEqualTo(V2);
    assertThat(fake.image(PRIMARY)).isEqualTo(V1);
    assertThat(fake.step()).isEqualTo(new Step.DeletePod(SECONDARY, RestartReason.IMAGE_CHANGED));
    assertThat(fake.pods).doesNotContainKey(SECONDARY);

    fake.report(PRIMARY, "PARTNER-DOWN");
    assertThat(fake.step()).isInstanceOf(Step.WaitForNode.class);
    restart(fake, SECONDARY, "RECOVER");
    Step waiting = fake.step();
    assertThat(waiting).isInstanceOf(Step.WaitForNode.class);
    Step.WaitForNode wait = (Step.WaitForNode) waiting;
    assertThat(wait.role()).isEqualTo(SECONDARY);
    assertThat(wait.deadline()).isEqualTo(wait.since().plus(Duration.ofMinutes(65)));
    assertThat(fake.pair.getStatus().getUpgrade().getPhase()).isEqualTo(UpgradePhase.WAITING_FOR_SECONDARY_NORMAL);
    assertThat(fake.pair.getStatus().getUpgrade().getDeadline()).isEqualTo(wait.deadline().toString());
    fake.report(SECONDARY, "RECOVER-WAIT");
    assertThat(fake.step()).isInstanceOf(Step.WaitForNode.class);
    assertThat(fake.image(PRIMARY)).isEqualTo(V1);

    bothNormal(fake);
    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(PRIMARY, RestartReason.IMAGE_CHANGED));
    assertThat(fake.step()).isEqualTo(new Step.DeletePod(PRIMARY, RestartReason.IMAGE_CHANGED));
    fake.report(SECONDARY, "PARTNER-DOWN");
    restart(fake, PRIMARY, "RECOVER");
    assertThat(fake.step()).isInstanceOf(Step.WaitForNode.class);
    bothNormal(fake);

    Step done = fake.step();
    assertThat(done).isEqualTo(new Step.Done(V1, V2, fake.now));
    var upgrade = fake.pair.getStatus().getUpgrade();
    assertThat(upgrade.getPhase()).isEqualTo(UpgradePhase.IDLE);
    assertThat(upgrade.getLastFrom()).isEqualTo(V1);
    assertThat(upgrade.getLastTo()).isEqualTo(V2);
    assertThat(upgrade.getLastCompleted()).isEqualTo(fake.now.toString());
    assertThat(upgrade.getNode()).isNull();
    assertThat(fake.next()).isEqualTo(new Step.Idle());
  }

  @Test
  void partnerDownBeforeTheRollWaitsAndSaysWhy() {
    FakePair fake = FakePair.running();
    fake.report(PRIMARY, "PARTNER-DOWN");
    fake.report(SECONDARY, "SHUTDOWN");
    fake.pods.remove(SECONDARY);
    fake.setImage(V2);
    // the secondary serves nobody: its template may change at once, its pod is already gone
    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(SECONDARY, RestartReason.IMAGE_CHANGED));

    FakePair other = FakePair.running();
    other.report(SECONDARY, "COMMUNICATIONS-INTERRUPTED");
    other.setImage(V2);
    Step step = other.step();
    assertThat(step).isInstanceOf(Step.WaitForNormal.class);
    assertThat(step.message()).contains("secondary is COMMUNICATIONS-INTERRUPTED");
    assertThat(step.conditionReason()).isEqualTo("WaitingForNormal");
    assertThat(other.image(SECONDARY)).isEqualTo(V1);
    assertThat(other.image(PRIMARY)).isEqualTo(V1);
    assertThat(other.pair.getStatus().getUpgrade().getReason())
        .isEqualTo("secondary is COMMUNICATIONS-INTERRUPTED");

    bothNormal(other);
    assertThat(other.step()).isEqualTo(new Step.UpdateTemplate(SECONDARY, RestartReason.IMAGE_CHANGED));
  }

  @Test
  void nodeStuckInRecoverWaitPastTheStepTimeoutIsStuckAndResumesWhenNormal() {
    FakePair fake = FakePair.running();
    fake.setImage(V2);
    fake.step();
    fake.step();
    fake.report(PRIMARY, "PARTNER-DOWN");
    restart(fake, SECONDARY, "RECOVER-WAIT");
    Step.WaitForNode wait = (Step.WaitForNode) fake.step();

    fake.advance(Duration.ofMinutes(66));
    Step stuck = fake.step();
    assertThat(stuck).isEqualTo(new Step.Stuck(SECONDARY, "RECOVER-WAIT", wait.since(), wait.deadline()));
    assertThat(stuck.message()).contains("secondary").contains("RECOVER-WAIT");
    assertThat(fake.pair.getStatus().getUpgrade().getPhase()).isEqualTo(UpgradePhase.STUCK);
    fake.advance(Duration.ofMinutes(10));
    assertThat(fake.step()).isEqualTo(stuck);
    assertThat(fake.image(PRIMARY)).isEqualTo(V1);

    bothNormal(fake);
    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(PRIMARY, RestartReason.IMAGE_CHANGED));
  }

  @Test
  void stepTimeoutComesFromTheSpecOrMcltPlusFiveMinutes() {
    FakePair fake = new FakePair();
    fake.pair.getSpec().setMclt("30m");
    assertThat(UpgradeSequencer.stepTimeout(fake.pair)).isEqualTo(Duration.ofMinutes(35));
    fake.supervised();
    fake.pair.getSpec().getUpgrade().setStepTimeout("1h30m");
    assertThat(UpgradeSequencer.stepTimeout(fake.pair)).isEqualTo(Duration.ofMinutes(90));
  }

  @Test
  void revertingABadImageRecoversTheNodeThatNeverCameBack() {
    FakePair fake = FakePair.running();
    fake.setImage(V2);
    fake.step();
    fake.step();
    fake.report(PRIMARY, "PARTNER-DOWN");
    fake.advance(Duration.ofSeconds(10));
    fake.startUnreadyPod(SECONDARY);
    fake.advance(Duration.ofMinutes(70));
    assertThat(fake.step()).isInstanceOf(Step.Stuck.class);

    fake.setImage(V1);
    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(SECONDARY, RestartReason.IMAGE_CHANGED));
    assertThat(fake.step()).isEqualTo(new Step.DeletePod(SECONDARY, RestartReason.IMAGE_CHANGED));
    restart(fake, SECONDARY, "NORMAL");
    fake.report(PRIMARY, "NORMAL");
    assertThat(fake.step()).isInstanceOf(Step.Done.class);
    assertThat(fake.image(PRIMARY)).isEqualTo(V1);
  }

  @Test
  void freshSequencerOnTheObservedObjectsDecidesTheSameStepAtEveryPointOfTheRoll() {
    FakePair fake = FakePair.running();
    fake.setImage(V2);
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Step fresh = afterRestart(fake);
      Step step = fake.next();
      assertThat(fresh).as("pass %d", i).isEqualTo(step);
      fake.apply(step);
      steps.add(step);
      drive(fake, step);
      if (step instanceof Step.Done) {
        break;
      }
    }
    assertThat(steps).last().isInstanceOf(Step.Done.class);
    assertThat(steps).contains(new Step.DeletePod(SECONDARY, RestartReason.IMAGE_CHANGED));
    assertThat(steps).contains(new Step.DeletePod(PRIMARY, RestartReason.IMAGE_CHANGED));
  }

  @Test
  void imageChangedTwiceMidRollConvergesWithoutBothNodesDown() {
    FakePair fake = FakePair.running();
    fake.setImage(V2);
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Step step = fake.next();
      if (step instanceof Step.DeletePod delete) {
        assertThat(fake.serving(delete.role()) && !fake.serving(delete.role().partner()))
            .as("deleting the %s while it alone serves", delete.role())
            .isFalse();
      }
      fake.apply(step);
      steps.add(step);
      if (step.equals(new Step.DeletePod(SECONDARY, RestartReason.IMAGE_CHANGED))
          && fake.pair.getSpec().getImage().equals(V2)) {
        // the secondary is down: the user changes the image again
        fake.setImage(V3);
      }
      drive(fake, step);
      assertThat(fake.serving(PRIMARY) || fake.serving(SECONDARY)).as("pass %d", i).isTrue();
      if (step instanceof Step.Done) {
        break;
      }
    }
    assertThat(steps).last().isInstanceOf(Step.Done.class);
    Step.Done done = (Step.Done) steps.get(steps.size() - 1);
    assertThat(done.fromImage()).isEqualTo(V1);
    assertThat(done.toImage()).isEqualTo(V3);
    assertThat(fake.image(PRIMARY)).isEqualTo(V3);
    assertThat(fake.image(SECONDARY)).isEqualTo(V3);
    assertThat(steps.stream().filter(s -> s instanceof Step.DeletePod d && d.role() == PRIMARY))
        .hasSize(1);
  }

  @Test
  void imageChangedWhileThePrimaryRestartsFinishesThePrimaryThenRollsAgain() {
    FakePair fake = FakePair.running();
    fake.setImage(V2);
    fake.step();
    fake.step();
    restart(fake, SECONDARY, "NORMAL");
    fake.step();
    fake.step();
    assertThat(fake.pods).doesNotContainKey(PRIMARY);
    fake.setImage(V3);
    // the primary serves nobody: it goes to V3 directly; the secondary waits for it
    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(PRIMARY, RestartReason.IMAGE_CHANGED));
    restart(fake, PRIMARY, "NORMAL");
    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(SECONDARY, RestartReason.IMAGE_CHANGED));
    assertThat(fake.serving(PRIMARY)).isTrue();
  }

  @Test
  void supervisedRollPausesBeforeThePrimaryUntilApproved() {
    FakePair fake = FakePair.running();
    fake.supervised();
    fake.setImage(V2);
    fake.step();
    fake.step();
    restart(fake, SECONDARY, "NORMAL");
    assertThat(fake.step()).isEqualTo(new Step.PausedForApproval());
    fake.advance(Duration.ofHours(5));
    assertThat(fake.step()).isEqualTo(new Step.PausedForApproval());
    assertThat(fake.pair.getStatus().getUpgrade().getPhase()).isEqualTo(UpgradePhase.PAUSED_BEFORE_PRIMARY);
    assertThat(fake.image(PRIMARY)).isEqualTo(V1);

    fake.approve();
    assertThat(fake.step()).isEqualTo(new Step.UpdateTemplate(PRIMARY, RestartReason.IMAGE_CHANGED));
    assertThat(fake.pair.getMetadata().getAnnotations())
        .doesNotContainKey(UpgradeSequencer.CONTINUE_ANNOTATION);
    assertThat(fake.step()).isEqualTo(new Step.DeletePod(PRIMARY, RestartReason.IMAGE_CHANGED));
    restart(fake, PRIMARY, "NORMAL");
    assertThat(fake.step()).isInstanceOf(Step.Done.class);
  }

  @Test
  void nodeNameChangeIsAPodTemplateChange() {
    FakePair fake = FakePair.running();
    fake.pair.getSpec().getSecondary().setNodeName("other-node");
    assertThat(fake.next()).isEqualTo(new Step.UpdateTemplate(SECONDARY, RestartReason.POD_TEMPLATE_CHANGED));
  }

  // --- helpers -------------------------------------------------------------------------------

  /** The node's pod comes back from the StatefulSet's template and reports {@code state}. */
  private static void restart(FakePair fake, Role role, String state) {
    fake.advance(Duration.ofSeconds(20));
    fake.startPod(role);
    fake.report(role, state);
  }

  private static void bothNormal(FakePair fake) {
    fake.advance(Duration.ofSeconds(30));
    fake.report(PRIMARY, "NORMAL");
    fake.report(SECONDARY, "NORMAL");
  }

  /** What the cluster does after a step: a deleted pod comes back and the pair recovers. */
  private static void drive(FakePair fake, Step step) {
    if (step instanceof Step.DeletePod delete) {
      fake.report(delete.role().partner(), "PARTNER-DOWN");
      fake.report(delete.role(), "SHUTDOWN");
    } else if (step instanceof Step.WaitForNode wait) {
      if (!fake.pods.containsKey(wait.role())) {
        restart(fake, wait.role(), "RECOVER");
      } else {
        bothNormal(fake);
      }
    } else if (step instanceof Step.UpdateTemplate update && !fake.pods.containsKey(update.role())) {
      restart(fake, update.role(), "RECOVER");
    } else {
      fake.advance(Duration.ofSeconds(5));
    }
  }

  /** The step a newly started operator decides from the pair as stored in the cluster. */
  private static Step afterRestart(FakePair fake) {
    DhcpFailoverPair stored =
        Serialization.unmarshal(Serialization.asJson(fake.pair), DhcpFailoverPair.class);
    return new UpgradeSequencer()
        .nextStep(stored, fake.observed(), NodeStates.of(stored), fake.now);
  }
}
