package io.dhcpfailover.operator.upgrade;

import io.dhcpfailover.api.v1alpha1.UpgradePhase;
import io.dhcpfailover.api.v1alpha1.UpgradeStatus;
import io.dhcpfailover.api.v1alpha1.Role;
import java.time.Instant;
import java.util.Objects;

/**
 * Turns a {@link Step} into {@code status.upgrade}. Pure. Fields that do not apply to the step are
 * null, which the status writer sends as explicit nulls so that a merge patch clears them.
 */
public final class UpgradeProgress {
  private UpgradeProgress() {}

  /**
   * The upgrade status after carrying out {@code step}, or null when there is nothing to write
   * (idle, and no upgrade ever recorded).
   *
   * @param previous {@code status.upgrade} as read, or null
   * @param observed the objects the step was decided from
   * @param timeout the step timeout
   */
  public static UpgradeStatus after(
      Step step,
      UpgradeStatus previous,
      ObservedObjects observed,
      java.time.Duration timeout,
      Instant now) {
    UpgradeStatus next = new UpgradeStatus();
    if (previous != null) {
      next.setLastFrom(previous.getLastFrom());
      next.setLastTo(previous.getLastTo());
      next.setLastCompleted(previous.getLastCompleted());
    }
    boolean rolling = UpgradeSequencer.rolling(previous);
    if (step instanceof Step.Idle idle) {
      if (previous == null) {
        return null;
      }
      next.setPhase(idle.phase());
    } else if (step instanceof Step.WaitForNormal wait) {
      next.setPhase(wait.phase());
      next.setReason(wait.reason());
      next.setSince(keepSince(previous, wait.phase(), null, now));
    } else if (step instanceof Step.UpdateTemplate update) {
      ObservedObjects.Node node = observed.node(update.role());
      restarting(next, update.phase(), update.role(), update.reason(), now, timeout);
      next.setFromRevision(node.liveRevision());
      next.setToRevision(node.desiredRevision());
      next.setFromImage(
          rolling && previous.getFromImage() != null
              ? previous.getFromImage()
              : node.liveImage());
    } else if (step instanceof Step.DeletePod delete) {
      ObservedObjects.Node node = observed.node(delete.role());
      restarting(next, delete.phase(), delete.role(), delete.reason(), now, timeout);
      next.setFromRevision(
          previous != null && previous.getFromRevision() != null
              ? previous.getFromRevision()
              : node.podRevision());
      next.setToRevision(node.liveRevision());
      next.setFromImage(previous == null ? null : previous.getFromImage());
    } else if (step instanceof Step.WaitForNode wait) {
      carry(next, previous);
      next.setPhase(wait.phase());
      next.setNode(wait.role());
      next.setSince(wait.since().toString());
      next.setDeadline(wait.deadline().toString());
    } else if (step instanceof Step.Stuck stuck) {
      carry(next, previous);
      next.setPhase(stuck.phase());
      next.setReason(stuck.role().id() + " stuck in " + stuck.state());
      next.setSince(stuck.since().toString());
      next.setDeadline(stuck.deadline().toString());
    } else if (step instanceof Step.PausedForApproval paused) {
      carry(next, previous);
      next.setPhase(paused.phase());
      next.setReason("awaiting " + UpgradeSequencer.CONTINUE_ANNOTATION);
      next.setSince(keepSince(previous, paused.phase(), null, now));
      next.setDeadline(null);
    } else if (step instanceof Step.Done done) {
      next.setPhase(done.phase());
      next.setLastFrom(done.fromImage());
      next.setLastTo(done.toImage());
      next.setLastCompleted(done.at().toString());
    }
    return next;
  }

  private static void restarting(
      UpgradeStatus next,
      UpgradePhase phase,
      Role role,
      RestartReason reason,
      Instant now,
      java.time.Duration timeout) {
    next.setPhase(phase);
    next.setNode(role);
    next.setReason(reason.wireName());
    next.setSince(now.toString());
    next.setDeadline(now.plus(timeout).toString());
  }

  /** Keeps the roll's node, reason, revisions and from-image. */
  private static void carry(UpgradeStatus next, UpgradeStatus previous) {
    if (previous == null) {
      return;
    }
    next.setNode(previous.getNode());
    next.setReason(previous.getReason());
    next.setFromRevision(previous.getFromRevision());
    next.setToRevision(previous.getToRevision());
    next.setFromImage(previous.getFromImage());
    next.setSince(previous.getSince());
    next.setDeadline(previous.getDeadline());
  }

  private static String keepSince(
      UpgradeStatus previous, UpgradePhase phase, String fallback, Instant now) {
    if (previous != null && previous.getPhase() == phase && previous.getSince() != null) {
      return previous.getSince();
    }
    return fallback != null ? fallback : now.toString();
  }
}
