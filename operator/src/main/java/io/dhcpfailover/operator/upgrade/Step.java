package io.dhcpfailover.operator.upgrade;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.api.v1alpha1.UpgradePhase;
import java.time.Instant;

/**
 * The next thing to do for a pair's roll, as decided by {@link UpgradeSequencer}. Action steps
 * ({@link UpdateTemplate}, {@link DeletePod}) change the cluster; the others only report.
 */
public sealed interface Step {

  /** The value of {@code status.upgrade.phase} while in this step. */
  UpgradePhase phase();

  /** The reason of the Progressing condition. */
  String conditionReason();

  /** A sentence for the Progressing condition and logs. */
  String message();

  /** True while a roll is pending or under way: the pair is looked at again soon. */
  default boolean active() {
    return true;
  }

  /** Nothing to roll. */
  record Idle() implements Step {
    @Override
    public UpgradePhase phase() {
      return UpgradePhase.IDLE;
    }

    @Override
    public String conditionReason() {
      return "Settled";
    }

    @Override
    public String message() {
      return "no node needs a restart";
    }

    @Override
    public boolean active() {
      return false;
    }
  }

  /**
   * A node needs a restart but the roll may not start: a node is not NORMAL.
   *
   * @param reason which node is in which state
   */
  record WaitForNormal(String reason) implements Step {
    @Override
    public UpgradePhase phase() {
      return UpgradePhase.WAITING_FOR_NORMAL;
    }

    @Override
    public String conditionReason() {
      return "WaitingForNormal";
    }

    @Override
    public String message() {
      return "restart pending until both nodes are NORMAL: " + reason;
    }
  }

  /**
   * Write the desired pod template into this node's StatefulSet (the pod keeps running).
   *
   * @param role the node
   * @param reason why it restarts
   */
  record UpdateTemplate(Role role, RestartReason reason) implements Step {
    @Override
    public UpgradePhase phase() {
      return UpgradePhase.restarting(role);
    }

    @Override
    public String conditionReason() {
      return "RestartingNode";
    }

    @Override
    public String message() {
      return "updating the pod template of the " + role.id() + " (" + reason.wireName() + ")";
    }
  }

  /**
   * Delete this node's pod so that its StatefulSet re-creates it from the new template.
   *
   * @param role the node
   * @param reason why it restarts
   */
  record DeletePod(Role role, RestartReason reason) implements Step {
    @Override
    public UpgradePhase phase() {
      return UpgradePhase.restarting(role);
    }

    @Override
    public String conditionReason() {
      return "RestartingNode";
    }

    @Override
    public String message() {
      return "restarting the " + role.id() + " (" + reason.wireName() + ")";
    }
  }

  /**
   * The node restarted; wait until it is Ready on the new template and both nodes are NORMAL.
   *
   * @param role the restarted node
   * @param since when the restart began
   * @param deadline when the wait turns into {@link Stuck}
   */
  record WaitForNode(Role role, Instant since, Instant deadline) implements Step {
    @Override
    public UpgradePhase phase() {
      return UpgradePhase.waitingFor(role);
    }

    @Override
    public String conditionReason() {
      return "WaitingForNode";
    }

    @Override
    public String message() {
      return "waiting for the " + role.id() + " and its partner to be NORMAL, at the latest until "
          + deadline;
    }
  }

  /**
   * Supervised roll: the secondary is done; the primary waits for the pair's {@value
   * UpgradeSequencer#CONTINUE_ANNOTATION} annotation.
   */
  record PausedForApproval() implements Step {
    @Override
    public UpgradePhase phase() {
      return UpgradePhase.PAUSED_BEFORE_PRIMARY;
    }

    @Override
    public String conditionReason() {
      return "AwaitingApproval";
    }

    @Override
    public String message() {
      return "supervised roll: annotate the pair with "
          + UpgradeSequencer.CONTINUE_ANNOTATION
          + " to restart the primary";
    }
  }

  /**
   * A wait outlived {@code spec.upgrade.stepTimeout}. The roll does nothing more until the pair
   * recovers or the change is reverted, which the next decisions notice by themselves.
   *
   * @param role the node that is not back
   * @param state what it reports (a failover state, or a description such as "without a pod")
   * @param since when the step began
   * @param deadline when the step should have ended
   */
  record Stuck(Role role, String state, Instant since, Instant deadline) implements Step {
    @Override
    public UpgradePhase phase() {
      return UpgradePhase.STUCK;
    }

    @Override
    public String conditionReason() {
      return "UpgradeStuck";
    }

    @Override
    public String message() {
      return "the " + role.id() + " is stuck in " + state + " since " + since
          + " (step deadline " + deadline + ")";
    }
  }

  /**
   * Both nodes run the desired template and are NORMAL: record the finished roll.
   *
   * @param fromImage the image before the roll, or null when unknown
   * @param toImage the image after it
   * @param at when it finished
   */
  record Done(String fromImage, String toImage, Instant at) implements Step {
    @Override
    public UpgradePhase phase() {
      return UpgradePhase.IDLE;
    }

    @Override
    public String conditionReason() {
      return "UpgradeCompleted";
    }

    @Override
    public String message() {
      return "upgrade from " + fromImage + " to " + toImage + " completed";
    }

    @Override
    public boolean active() {
      return false;
    }
  }
}
